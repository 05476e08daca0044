import type { FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { fetchSliceHandler } from "./fetch-slice.job";

/** Starts the fetch worker on a fleet context; used by main.ts and by the CLI's in-process mode. */
export function startFetchWorker(ctx: FleetContext): Worker {
  return defineWorker(
    "fetch",
    { "fetch.slice": fetchSliceHandler(ctx) },
    {
      connection: ctx.workerConnection,
      prefix: ctx.config.QUEUE_PREFIX,
      logger: ctx.logger,
      concurrency: ctx.config.WORKER_CONCURRENCY,
    },
  );
}
