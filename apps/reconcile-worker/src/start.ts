import type { Background, FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { reconcilePartitionHandler } from "./reconcile-partition.job";
import { reconcileRunHandler } from "./reconcile-run.job";
import { startOutboxRelay } from "./relay";

/** Starts the reconcile worker and the outbox relay beside it. */
export function startReconcileWorker(ctx: FleetContext): Array<Worker | Background> {
  const worker = defineWorker(
    "reconcile",
    { "reconcile.run": reconcileRunHandler(ctx), "reconcile.partition": reconcilePartitionHandler(ctx) },
    {
      connection: ctx.workerConnection,
      prefix: ctx.config.QUEUE_PREFIX,
      logger: ctx.logger,
      concurrency: 1,
      // A large day takes a while to join: a long lock avoids a second worker picking it up.
      lockDuration: 120_000,
    },
  );
  return [worker, startOutboxRelay(ctx)];
}
