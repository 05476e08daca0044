import type { FetchingFleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { fetchSliceHandler } from "./fetch-slice.job";

export interface FetchWorkerOptions {
  /**
   * How long a job's lock lasts without renewal (BullMQ default 30000 ms). A worker that dies
   * mid-slice leaves its job to be recovered as stalled once the lock has expired.
   */
  lockDuration?: number;
  /** How often (ms) to look for slices whose worker died (BullMQ default 30000). */
  stalledInterval?: number;
}

/** Starts the fetch worker on a fleet context; used by main.ts and by the CLI's in-process mode. */
export function startFetchWorker(ctx: FetchingFleetContext, options: FetchWorkerOptions = {}): Worker {
  return defineWorker(
    "fetch",
    { "fetch.slice": fetchSliceHandler(ctx) },
    {
      connection: ctx.workerConnection,
      prefix: ctx.config.QUEUE_PREFIX,
      logger: ctx.logger,
      concurrency: ctx.config.WORKER_CONCURRENCY,
      ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
      ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
    },
  );
}
