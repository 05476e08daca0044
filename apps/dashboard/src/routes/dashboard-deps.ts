import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";

/** What the workbench's pages read and act on. */
export interface DashboardDeps {
  db: Db;
  queues: QueueSet;
}
