import type { FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { notifySendHandler } from "./notify-send.job";

export function startNotifyWorker(ctx: FleetContext): Worker {
  return defineWorker(
    "notify",
    { "notify.send": notifySendHandler(ctx) },
    { connection: ctx.workerConnection, prefix: ctx.config.QUEUE_PREFIX, logger: ctx.logger, concurrency: ctx.config.WORKER_CONCURRENCY },
  );
}
