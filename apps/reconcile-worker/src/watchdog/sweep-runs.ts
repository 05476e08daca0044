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
export async function sweepRuns(ctx: FleetContext, stuckAfterMs: number): Promise<EndedRun[]> {
  const now = Date.now();
  const running = await listRunsRunningSince(ctx.db, new Date(now + 60_000));
  const runningByDay = new Map(running.map((run) => [`${run.processor}:${run.runDate}`, run]));
  const inFlightDays = new Set<string>();
  const ended: EndedRun[] = [];

  for (const live of await listLiveRuns(ctx.queues)) {
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

  // Runs `running` for too long that no flow in flight owns (Redis lost it, or a job outside any flow started them).
  for (const run of running) {
    const day = `${run.processor}:${run.runDate}`;
    if (now - run.startTime.getTime() <= stuckAfterMs || inFlightDays.has(day) || ended.some((e) => `${e.processor}:${e.runDate}` === day)) continue;
    const headJobId = `${run.id}@${run.startTime.toISOString()}`;
    const cause = `run stuck: running for more than ${Math.round(stuckAfterMs / 60_000)} min with no job in flight to end it`;
    const done = await underDayLock(ctx, run.processor, run.runDate, async () => {
      const live = await liveRunHead(ctx.queues, run.processor, run.runDate);
      if (live !== null && IN_FLIGHT_STATES.has(await ctx.queues.queues.reconcile.getJobState(live))) return false;
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
