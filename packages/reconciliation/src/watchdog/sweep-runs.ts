import { existingEventIds, listRunsRunningSince } from "@recon/db";
import type { Processor } from "@recon/domain";
import { recordRunFailure, type FleetContext } from "@recon/fleet";
import { IN_FLIGHT_STATES, listLiveRuns, liveRunHead, runEventId, runKey, withRedisLock } from "@recon/queue";
import { whyRunCannotEnd } from "./why-run-cannot-end";

/** A run the sweep failed, with the cause it recorded. */
export interface EndedRun {
  processor: Processor;
  runDate: string;
  /** The head job (or, for a run no live flow owns, `<run id>@<start time>`) naming the event. */
  headJobId: string;
  cause: string;
}

/**
 * Ends every run that cannot end by itself (see whyRunCannotEnd), once each: a failure whose
 * run.failed event exists is left alone. Only the live generation of a day is judged, and the
 * decision is re-checked under the day's trigger lock, so a stale or foreign job never fails
 * another day's run or a newer generation's. Flow jobs are never removed: retrying the failed job
 * from Bull Board still lets the run complete, which replaces the failure.
 */
export interface SweepOptions {
  /** A flow (or run) in flight this long is stuck, ms. */
  stuckAfterMs: number;
  /**
   * A `running` row whose day has no live generation in Redis is failed after this, ms: long
   * enough that a sweep never races a trigger that is between adding its flow and marking the row.
   */
  orphanedAfterMs: number;
}

export async function sweepRuns(ctx: FleetContext, options: SweepOptions): Promise<EndedRun[]> {
  const { stuckAfterMs } = options;
  const now = Date.now();
  const running = await listRunsRunningSince(ctx.db, new Date(now + 60_000));
  const runningByDay = new Map(running.map((run) => [`${run.processor}:${run.runDate}`, run]));
  const inFlightDays = new Set<string>();
  const ended: EndedRun[] = [];

  const lives = await listLiveRuns(ctx.queues);
  for (const live of lives) {
    const day = `${live.processor}:${live.runDate}`;
    const dbRunning = runningByDay.has(day);
    const { inFlight, cause } = await whyRunCannotEnd(ctx, live, { dbRunning, stuckAfterMs, now });
    if (inFlight) inFlightDays.add(day);
    if (cause === undefined) continue;
    const known = await existingEventIds(ctx.db, [runEventId(live.headJobId, "completed"), runEventId(live.headJobId, "failed")]);
    // Completed: this generation's results stand. Failed and not running again: already recorded.
    if (known.has(runEventId(live.headJobId, "completed"))) continue;
    if (known.has(runEventId(live.headJobId, "failed")) && !dbRunning) continue;
    const done = await underDayLock(ctx, live.processor, live.runDate, async () => {
      if ((await liveRunHead(ctx.queues, live.processor, live.runDate)) !== live.headJobId) return false;
      return (await recordRunFailure(ctx, { ...live, error: cause, actor: "watchdog" })).recorded;
    });
    if (done) ended.push({ ...live, cause });
  }

  // Runs `running` that no flow in flight owns: soon when the day has no live generation at all
  // (Redis lost the flow and its keys: restarted without persistence), else after the stuck
  // threshold (a job outside any flow started them).
  const liveDays = new Set(lives.map((run) => `${run.processor}:${run.runDate}`));
  for (const run of running) {
    const day = `${run.processor}:${run.runDate}`;
    const orphaned = !liveDays.has(day);
    const age = now - run.startTime.getTime();
    if (age <= (orphaned ? options.orphanedAfterMs : stuckAfterMs) || inFlightDays.has(day) || ended.some((e) => `${e.processor}:${e.runDate}` === day)) continue;
    const headJobId = `${run.id}@${run.startTime.toISOString()}`;
    const cause = orphaned
      ? "its jobs are gone from Redis (was Redis restarted without persistence? see REDIS_DURABILITY): trigger the run again"
      : `run stuck: running for more than ${Math.round(stuckAfterMs / 60_000)} min with no job in flight to end it`;
    const done = await underDayLock(ctx, run.processor, run.runDate, async () => {
      const head = await liveRunHead(ctx.queues, run.processor, run.runDate);
      if (head !== null && (orphaned || IN_FLIGHT_STATES.has(await ctx.queues.queues.reconcile.getJobState(head)))) return false;
      return (await recordRunFailure(ctx, { processor: run.processor, runDate: run.runDate, headJobId, error: cause, actor: "watchdog" })).recorded;
    });
    if (done) ended.push({ processor: run.processor, runDate: run.runDate, headJobId, cause });
  }
  return ended;
}

/** The lock triggerRun takes for the day: no new generation starts while the sweep decides. */
function underDayLock<T>(ctx: FleetContext, processor: Processor, runDate: string, fn: () => Promise<T>): Promise<T> {
  return withRedisLock(ctx.queues.connection, `${runKey(ctx.queues.prefix, processor, runDate)}:lock`, fn);
}
