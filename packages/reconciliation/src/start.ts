import type { Background, FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import type { Worker } from "bullmq";
import { reconcilePartitionHandler } from "./reconcile-partition.job";
import { reconcileRunHandler } from "./reconcile-run.job";
import { startOutboxRelay } from "./relay";
import { startRunWatchdog, watchdogSettingsOf, type WatchdogSettings } from "./watchdog/start-watchdog";

export interface ReconcileWorkerOptions {
  /** Lock duration (default 120000 ms: a large day takes a while to join). */
  lockDuration?: number;
  /** How often (ms) to look for jobs whose worker died (BullMQ default 30000). */
  stalledInterval?: number;
  /** The watchdog's timings; default from the configuration (WATCHDOG_INTERVAL_MS, RUN_STUCK_AFTER_MS, OUTBOX_REPUBLISH_AFTER_MS). */
  watchdog?: WatchdogSettings;
}

/** Starts the reconcile worker and, beside it, the outbox relay and the run watchdog. */
export function startReconcileWorker(ctx: FleetContext, options: ReconcileWorkerOptions = {}): Array<Worker | Background> {
  const worker = defineWorker(
    "reconcile",
    { "reconcile.run": reconcileRunHandler(ctx), "reconcile.partition": reconcilePartitionHandler(ctx) },
    {
      connection: ctx.workerConnection,
      prefix: ctx.config.QUEUE_PREFIX,
      logger: ctx.logger,
      concurrency: 1,
      // A large day takes a while to join: a long lock avoids a second worker picking it up.
      lockDuration: options.lockDuration ?? 120_000,
      ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
    },
  );
  return [worker, startOutboxRelay(ctx), startRunWatchdog(ctx, options.watchdog ?? watchdogSettingsOf(ctx.config))];
}
