import type { FleetContext } from "@recon/fleet";
import { IN_FLIGHT_STATES, type LiveRun } from "@recon/queue";
import type { Job, Queue } from "bullmq";

/** What the watchdog knows besides the flow in Redis. */
export interface RunFacts {
  /** The day's run row is `running` in Postgres. */
  dbRunning: boolean;
  /** A flow (or run) in flight this long is stuck, ms. */
  stuckAfterMs: number;
  now: number;
}

/**
 * Why the live generation of a run can no longer end by itself (cause undefined while it can).
 *  - its head failed for good (stalled more than BullMQ allows, out of memory twice, or its
 *    failure path could not reach the database): no handler will record the failure;
 *  - its head waits for a child that failed for good (a fetch slice stalled twice, or whose
 *    failure path could not reach the database): the parent would wait forever;
 *  - the flow has been in flight longer than the stuck threshold;
 *  - the run row is `running` while its head is gone or completed without ending it.
 * Whether the failure was already recorded is the caller's question (the outbox event).
 */
export async function whyRunCannotEnd(ctx: FleetContext, live: LiveRun, facts: RunFacts): Promise<RunDiagnosis> {
  const head = await ctx.queues.queues.reconcile.getJob(live.headJobId);
  if (!head) {
    return { inFlight: false, cause: facts.dbRunning ? `its reconcile job ${live.headJobId} is gone from Redis while the run is still running` : undefined };
  }
  const state = await head.getState();
  if (state === "failed") {
    const failed = await reread(ctx.queues.queues.reconcile, head);
    return { inFlight: false, cause: `reconcile.run ${live.headJobId} failed: ${describeFailure(failed)}` };
  }
  if (state === "waiting-children") {
    const child = await firstFailedChild(ctx, head);
    if (child) return { inFlight: true, cause: `${child.name} ${child.id} failed: ${describeFailure(child)}` };
  }
  if (IN_FLIGHT_STATES.has(state)) {
    const since = Math.max(head.timestamp, head.processedOn ?? 0);
    const stuck = facts.now - since > facts.stuckAfterMs;
    return {
      inFlight: true,
      cause: stuck ? `run stuck: its reconcile job ${live.headJobId} has been ${state} for more than ${Math.round(facts.stuckAfterMs / 60_000)} min` : undefined,
    };
  }
  return { inFlight: false, cause: state === "completed" && facts.dbRunning ? `its reconcile job ${live.headJobId} completed but the run is still running` : undefined };
}

export interface RunDiagnosis {
  /** The flow has not ended in Redis (it may still be stuck). */
  inFlight: boolean;
  /** Why it cannot end by itself; undefined while it can (or has ended as it should). */
  cause: string | undefined;
}

/** BullMQ's reason, with what a stall means: the worker process died (killed, out of memory) running it again and again. */
function describeFailure(job: Job): string {
  const reason = job.failedReason || "no reason recorded";
  return /stalled more than allowable limit/.test(reason)
    ? `${reason} (its worker process died while running it, more than once: killed or out of memory)`
    : reason;
}

/**
 * The job as stored now. A job read before its state may predate the failure: BullMQ writes the
 * failed state and its reason together, so a read after seeing "failed" has the reason.
 */
async function reread(queue: Queue, job: Job): Promise<Job> {
  return (job.id === undefined ? undefined : await queue.getJob(job.id)) ?? job;
}

/** The first child the head still waits for that failed for good. */
async function firstFailedChild(ctx: FleetContext, head: Job): Promise<Job | undefined> {
  const queues = new Map<string, Queue>(Object.values(ctx.queues.queues).map((queue) => [queue.name, queue]));
  let cursor = 0;
  do {
    const page = await head.getDependencies({ unprocessed: { cursor, count: 200 } });
    for (const key of page.unprocessed ?? []) {
      // `<prefix>:<queue>:<job id>`; queue names hold no colon, job ids may.
      const rest = key.slice(ctx.queues.prefix.length + 1);
      const colon = rest.indexOf(":");
      const queue = queues.get(rest.slice(0, colon));
      const child = queue ? await queue.getJob(rest.slice(colon + 1)) : undefined;
      if (queue && child && (await child.getState()) === "failed") return reread(queue, child);
    }
    cursor = page.nextUnprocessedCursor ?? 0;
  } while (cursor !== 0);
  return undefined;
}
