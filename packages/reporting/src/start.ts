import type { FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { s3ReportStoreFromConfig } from "@recon/reports";
import { reportRenderHandler, type ReportRenderOptions } from "./report-render.job";

/** Starts the report worker; S3 comes from the configuration unless `options.s3` is given. */
export function startReportWorker(ctx: FleetContext, options: ReportRenderOptions = {}): Worker {
  const handlerOptions: ReportRenderOptions = {
    ...options,
    s3: options.s3 ?? s3ReportStoreFromConfig(ctx.config),
  };
  return defineWorker(
    "report",
    { "report.render": reportRenderHandler(ctx, handlerOptions) },
    {
      connection: ctx.workerConnection,
      prefix: ctx.config.QUEUE_PREFIX,
      logger: ctx.logger,
      concurrency: ctx.config.WORKER_CONCURRENCY,
    },
  );
}
