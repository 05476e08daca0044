import { parseS3Uri, presignReportUrl, type S3ReportStore } from "@recon/reports";
import type { ReportLink } from "./run-alert";

/**
 * The link to a run's HTML report: a presigned URL valid 24 hours when it is in S3, else a note
 * with its local path (on the report host) or why it is not in S3.
 */
export async function reportLinkOf(
  reports: Record<string, string>,
  s3: S3ReportStore | undefined,
): Promise<ReportLink> {
  const html = reports.html;
  if (html === undefined) return { reportNote: "The report is not available yet." };
  const object = parseS3Uri(html);
  if (object && s3 && object.bucket === s3.bucket)
    return { reportUrl: await presignReportUrl(s3, object.key) };
  const note = reports.storage_note ? `${reports.storage_note}. ` : "";
  return { reportNote: `${note}Report: ${html}` };
}
