// Opens a run's report: an S3 object through a presigned URL, a local file only from inside the
// reports folder (realpath, so neither `..` nor a symlink leads out of it), else a 404 that says
// where the file is.
import { realpath } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { parseS3Uri, presignReportUrl } from "@recon/reports";
import type { ReportSources } from "./dashboard-deps";

export type ReportAnswer = { kind: "redirect"; url: string } | { kind: "file"; path: string } | { kind: "missing"; message: string };

export async function openReport(location: string, sources: ReportSources | undefined): Promise<ReportAnswer> {
  const object = parseS3Uri(location);
  if (object !== undefined) {
    const store = sources?.s3;
    if (store === undefined || store.bucket !== object.bucket) {
      return { kind: "missing", message: `The report is at ${location}; this dashboard has no access to bucket ${object.bucket} (S3_BUCKET).` };
    }
    return { kind: "redirect", url: await presignReportUrl(store, object.key) };
  }
  if (sources?.dir === undefined) {
    return { kind: "missing", message: `The report is at ${location}; this dashboard serves no reports folder (REPORTS_DIR).` };
  }
  let dir: string;
  let file: string;
  try {
    dir = await realpath(sources.dir);
    file = await realpath(resolve(sources.dir, location));
  } catch {
    return { kind: "missing", message: `The report file ${location} does not exist (any more) where this dashboard can read it.` };
  }
  if (!file.startsWith(dir + sep)) {
    return { kind: "missing", message: `The report is at ${location}, outside the reports folder this dashboard serves (REPORTS_DIR).` };
  }
  return { kind: "file", path: file };
}
