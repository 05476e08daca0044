import type { Background, FleetContext } from "@recon/fleet";
import { claimTurn } from "@recon/queue";
import { republishUnconsumedEvents } from "./republish-events";
import { sweepRuns } from "./sweep-runs";

export interface WatchdogSettings {
  intervalMs: number;
  stuckAfterMs: number;
  /** See SweepOptions.orphanedAfterMs. */
  orphanedAfterMs: number;
  republishAfterMs: number;
}

export function watchdogSettingsOf(config: FleetContext["config"]): WatchdogSettings {
  return {
    intervalMs: config.WATCHDOG_INTERVAL_MS,
    stuckAfterMs: config.RUN_STUCK_AFTER_MS,
    orphanedAfterMs: config.RUN_ORPHANED_AFTER_MS,
    republishAfterMs: config.OUTBOX_REPUBLISH_AFTER_MS,
  };
}

/** One sweep: end the runs that cannot end by themselves, then re-deliver lost events. */
export async function sweepOnce(ctx: FleetContext, settings: WatchdogSettings): Promise<void> {
  const ended = await sweepRuns(ctx, settings);
  for (const run of ended) ctx.logger.warn(run, "watchdog failed a run that could not end by itself");
  await republishUnconsumedEvents(ctx, settings.republishAfterMs);
}

/**
 * The run watchdog, beside the outbox relay in every reconcile worker (and `recon run`): every
 * interval one replica across the fleet (a Redis turn claimed for the interval) sweeps. Sweeps
 * are idempotent, so a replica dying mid-sweep only delays the next one.
 */
export function startRunWatchdog(ctx: FleetContext, settings: WatchdogSettings = watchdogSettingsOf(ctx.config)): Background {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const turnKey = `${ctx.queues.prefix}:watchdog:turn`;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(async () => {
      if (stopped || !(await claimTurn(ctx.queues.connection, turnKey, settings.intervalMs * 0.9))) return;
      await sweepOnce(ctx, settings);
    }).catch((error: unknown) => ctx.logger.warn({ err: (error as Error).message }, "watchdog sweep failed; will retry"));
  }, settings.intervalMs);
  return {
    name: "run-watchdog",
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
