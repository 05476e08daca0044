// Every job that writes or alerts is checked against the run it names before it does anything:
// anyone who can write to Redis can add a job, and a job's payload is only a claim. These are the
// checks of the jobs a triggered run is made of (its head, reconcile.run, and its fetch slices).
import { dayWindow } from "@recon/domain";
import type { Job } from "bullmq";
import type { JobPayload } from "./catalog";
import { JobRefusedError } from "./job-refused";
import { liveRunHead } from "./live-runs";
import type { QueueSet } from "./queues";
import { sliceJobId } from "./run-flow";

type Slice = JobPayload<"fetch.slice">;

/**
 * Why a slice's window cannot belong to its run, or undefined when it can: it must be a
 * non-empty range inside the run's UTC day widened by the grace period (RECONCILE_GRACE_MINUTES)
 * on each side, the most a run ever reads of its neighbouring days.
 */
export function sliceWindowProblem(slice: Slice, graceMs: number): string | undefined {
  const start = Date.parse(slice.sliceStart);
  const end = Date.parse(slice.sliceEnd);
  if (!(start < end)) return `fetch slice window ${slice.sliceStart}..${slice.sliceEnd} is empty or reversed`;
  const day = dayWindow(slice.runDate);
  const earliest = day.start.getTime() - graceMs;
  const latest = day.end.getTime() + graceMs;
  if (start < earliest || end > latest) {
    return (
      `fetch slice window ${slice.sliceStart}..${slice.sliceEnd} lies outside ${slice.processor}'s day ${slice.runDate} ` +
      `widened by the ${graceMs / 60_000} min grace (${new Date(earliest).toISOString()}..${new Date(latest).toISOString()})`
    );
  }
  return undefined;
}

/**
 * Why a fetch slice job is not a slice of the live run of its (processor, date), or undefined
 * when it is: it must have a parent, that parent must be the live generation's reconcile.run job
 * of the same processor and day, still waiting for its slices, and the slice's id must be the one
 * triggerRun gives that side and index (so a second job for a slice cannot be slipped in).
 */
export async function sliceRunProblem(set: QueueSet, job: Job, slice: Slice): Promise<string | undefined> {
  const run = `${slice.processor} on ${slice.runDate}`;
  const parent = job.parent;
  if (!parent) return `fetch slice ${String(job.id)} has no parent run job: a slice only runs as part of a triggered run of ${run}`;
  if (parent.queueKey !== set.queues.reconcile.qualifiedName) {
    return `fetch slice ${String(job.id)} names ${parent.queueKey}:${parent.id} as its run, which is not a reconcile job of this fleet`;
  }
  const live = await liveRunHead(set, slice.processor, slice.runDate);
  if (live === null) return `no run of ${run} was triggered, so fetch slice ${String(job.id)} belongs to none`;
  if (parent.id !== live) return `fetch slice ${String(job.id)} belongs to ${parent.id}, which is not the live run of ${run} (${live} is)`;
  const expectedId = sliceJobId(parent.id, slice.side, slice.sliceIndex);
  if (job.id !== expectedId) return `fetch slice ${String(job.id)} is not the ${slice.side} slice ${slice.sliceIndex} its run added (${expectedId})`;
  const head = await set.queues.reconcile.getJob(parent.id);
  if (!head || head.name !== "reconcile.run") return `the run job ${parent.id} of fetch slice ${String(job.id)} is gone`;
  const headRun = head.data as { processor?: unknown; runDate?: unknown };
  if (headRun.processor !== slice.processor || headRun.runDate !== slice.runDate) {
    return `fetch slice ${String(job.id)} says ${run}, but its run job ${parent.id} reconciles ${String(headRun.processor)} on ${String(headRun.runDate)}`;
  }
  const state = await head.getState();
  if (state !== "waiting-children") return `the run ${parent.id} of fetch slice ${String(job.id)} is ${state}, no longer waiting for its slices`;
  return undefined;
}

/**
 * Refuses (JobRefusedError) a fetch slice whose window or run does not hold up. The refused job
 * is first detached from the parent it names, so a forged child never holds up a genuine run (nor,
 * through the watchdog, fails it). A genuine slice is never refused: triggerRun gives it a window
 * inside its day, its run's id and a live, waiting parent.
 */
export async function refuseSliceOutsideItsRun(set: QueueSet, job: Job, slice: Slice, graceMs: number): Promise<void> {
  const problem = sliceWindowProblem(slice, graceMs) ?? (await sliceRunProblem(set, job, slice));
  if (problem === undefined) return;
  // A parent already gone cannot be held up: the refusal stands whether or not this succeeds.
  if (job.parent) await job.removeChildDependency().catch(() => false);
  throw new JobRefusedError(problem);
}

/** Why a reconcile.run job is not the live run of its (processor, date), or undefined when it is. */
export async function runHeadProblem(set: QueueSet, job: Job, run: JobPayload<"reconcile.run">): Promise<string | undefined> {
  const live = await liveRunHead(set, run.processor, run.runDate);
  const name = `${run.processor} on ${run.runDate}`;
  if (live === null) return `no run of ${name} was triggered, so reconcile job ${String(job.id)} belongs to none`;
  if (job.id !== live) return `reconcile job ${String(job.id)} is not the live run of ${name} (${live} is)`;
  return undefined;
}

/** Refuses (JobRefusedError) a reconcile.run job that is not the live run of its day. */
export async function refuseRunHeadNotLive(set: QueueSet, job: Job, run: JobPayload<"reconcile.run">): Promise<void> {
  const problem = await runHeadProblem(set, job, run);
  if (problem !== undefined) throw new JobRefusedError(problem);
}
