import { join } from "node:path";
import type { ReportFile, ReportKind } from "./render-report-files";
import { s3Uri, uploadReportFiles, type S3ReportStore } from "./s3-report-store";
import { writeFilesToReportDirectory } from "./write-reports-to-directory";

export interface StoreReportFilesOptions {
  processor: string;
  runDate: string;
  files: readonly ReportFile[];
  /** The bucket, when S3_BUCKET is set; otherwise the files go to `reportsDir`. */
  s3?: S3ReportStore | undefined;
  reportsDir: string;
  /** True on the job's last attempt: only then does an S3 failure fall back to `reportsDir`. */
  isFinalAttempt: boolean;
  /**
   * A sandbox run's reports: stored apart from real ones (`<reportsDir>/sandbox/` and the
   * `sandbox/` key prefix), so a demo of a day never replaces that day's real reports.
   */
  sandbox: boolean;
}

/** The folder of a run's local reports: REPORTS_DIR, or its `sandbox` folder for a sandbox run. */
export function reportsRootOf(reportsDir: string, sandbox: boolean): string {
  return sandbox ? join(reportsDir, "sandbox") : reportsDir;
}

export interface StoredReports {
  /** Location of each file: `s3://bucket/key` or a local path. */
  locations: Record<ReportKind, string>;
  /** The legacy report_s3_key (the JSON report's key), when stored in S3. */
  s3Key?: string;
  /** Why the files are on local disk although S3 is configured (S3 failed on the last attempt). */
  fallbackReason?: string;
}

/**
 * Stores the report set in S3 when configured, else in the local directory. S3 failing throws
 * (BullMQ retries with backoff) unless this is the final attempt; then the files go to the local
 * directory and `fallbackReason` says why, so the run still has its reports.
 */
export async function storeReportFiles(options: StoreReportFilesOptions): Promise<StoredReports> {
  const { processor, runDate, files } = options;
  const localDir = reportsRootOf(options.reportsDir, options.sandbox);
  if (options.s3) {
    try {
      const keys = await uploadReportFiles(options.s3, processor, runDate, files, { sandbox: options.sandbox });
      const bucket = options.s3.bucket;
      const locations = Object.fromEntries(
        Object.entries(keys).map(([kind, key]) => [kind, s3Uri(bucket, key)]),
      ) as Record<ReportKind, string>;
      return { locations, s3Key: keys.json };
    } catch (error) {
      if (!options.isFinalAttempt) throw error;
      const reason = `S3 upload to bucket ${options.s3.bucket} failed on the last attempt (${(error as Error).message}); reports stored in the local directory instead`;
      const locations = await writeFilesToReportDirectory(localDir, processor, runDate, files);
      return { locations, fallbackReason: reason };
    }
  }
  return { locations: await writeFilesToReportDirectory(localDir, processor, runDate, files) };
}
