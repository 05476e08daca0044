import type { FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { reportRenderHandler } from "./report-render.job";

export function startReportWorker(ctx: FleetContext): Worker {
  return defineWorker(
    "report",
    { "report.render": reportRenderHandler(ctx) },
    { connection: ctx.workerConnection, prefix: ctx.config.QUEUE_PREFIX, logger: ctx.logger, concurrency: ctx.config.WORKER_CONCURRENCY },
  );
}
