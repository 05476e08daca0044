import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import type { S3ReportStore } from "@recon/reports";

/** Where run reports can be opened from: the local reports folder (REPORTS_DIR) and the S3 store. */
export interface ReportSources {
  /** Local report files are served only from inside this folder. */
  dir?: string;
  /** Report objects of this bucket open through a presigned URL. */
  s3?: S3ReportStore;
}

/** What the workbench's pages read and act on. */
export interface DashboardDeps {
  db: Db;
  queues: QueueSet;
  /** Report locations the dashboard may open; without it report links say where the file is. */
  reports?: ReportSources;
  /** Time slices per side of a day for re-runs (FETCH_SLICES). Default 4. */
  fetchSlices?: number;
}
