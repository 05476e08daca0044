import type { FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { runTriggerHandler } from "./run-trigger.job";

export function startTriggerWorker(ctx: FleetContext): Worker {
  return defineWorker(
    "trigger",
    { "run.trigger": runTriggerHandler(ctx) },
    { connection: ctx.workerConnection, prefix: ctx.config.QUEUE_PREFIX, logger: ctx.logger, concurrency: 1 },
  );
}
