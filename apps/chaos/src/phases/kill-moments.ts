// The moments the kills phase picks, by job state in Redis: a job active in a queue, the same job
// active again after its recovery, a number of jobs finished since the last kill.
import type { QueueKey } from "@recon/queue";
import { eventually } from "@recon/testing";
import type { ChaosContext } from "../chaos-context";
import type { WorkerKind } from "../fleet-processes";

/** The fleet processes that work a queue. */
const WORKER_OF: Partial<Record<QueueKey, WorkerKind>> = { fetch: "fetch", reconcile: "reconcile", report: "report", notify: "notify" };

/** When the suite last killed each queue's worker: a job taken before that has no live holder. */
const lastKill = new Map<QueueKey, number>();

async function kill(ctx: ChaosContext, queue: QueueKey): Promise<void> {
  await ctx.fleet.killAndRestart(WORKER_OF[queue]!, 0);
  lastKill.set(queue, Date.now());
}

/** SIGKILLs a kind's process at an arbitrary moment (and remembers it, see lastKill). */
export async function killWorker(ctx: ChaosContext, kind: WorkerKind): Promise<void> {
  await kill(ctx, kind);
}

/** Records a kill the process did to itself (the post-commit hook). */
export function noteKilled(kind: WorkerKind): void {
  lastKill.set(kind, Date.now());
}

/**
 * Waits (up to `timeoutMs`) for a job active in `queue`, taken since the queue's worker was last killed, and SIGKILLs the process kind that works
 * the queue (one replica in the kills phase, so the job's holder). Returns the job id, or
 * undefined when no job became active in time (the process is killed anyway: an idle kill).
 */
export async function killWhenActive(ctx: ChaosContext, queue: QueueKey, timeoutMs = 90_000): Promise<string | undefined> {
  const since = lastKill.get(queue) ?? 0;
  const jobId = await eventually(
    `an active ${queue} job`,
    async () => (await ctx.probe.activeJobs(queue)).find((job) => job.takenAt > since)?.id,
    { timeoutMs },
  ).catch(() => undefined);
  await kill(ctx, queue);
  ctx.log(jobId ? `killed the ${queue} worker holding ${jobId}` : `no ${queue} job became active within ${timeoutMs / 1000} s: killed the idle ${queue} worker`);
  return jobId;
}

/**
 * Kills the holder of an active job, waits until the same job is active again (BullMQ's stalled
 * recovery, once the dead holder's lock has lapsed) and kills its holder again. Returns a note
 * with the job's state afterwards, read once it is terminal or after `afterMs`.
 */
export async function killSameJobTwice(ctx: ChaosContext, queue: QueueKey): Promise<{ kills: number; outcome: Promise<string> }> {
  const jobId = await killWhenActive(ctx, queue);
  if (!jobId) return { kills: 1, outcome: Promise.resolve(`same ${queue} job twice: no job was active to pick`) };
  // A reconcile lock lasts 120 s and a stalled check runs every 30 s: allow for both, twice.
  const killedAt = lastKill.get(queue)!;
  const again = await eventually(
    `${jobId} taken again`,
    async () => {
      const takenAt = await ctx.probe.takenAt(queue, jobId);
      if (takenAt !== undefined && takenAt > killedAt) return "active";
      const state = await ctx.probe.jobState(queue, jobId);
      return state === "completed" || state === "failed" ? state : undefined;
    },
    { timeoutMs: 300_000 },
  ).catch(() => "not active again within 300 s");
  if (again !== "active") {
    return { kills: 1, outcome: Promise.resolve(`same ${queue} job twice: ${jobId} was ${again} after the first kill; not killed again`) };
  }
  await kill(ctx, queue);
  ctx.log(`killed the ${queue} worker holding ${jobId} again`);
  const outcome = eventually(
    `${jobId} to finish`,
    async () => {
      const state = await ctx.probe.jobState(queue, jobId);
      return state === "completed" || state === "failed" ? state : undefined;
    },
    { timeoutMs: 300_000 },
  )
    .catch(() => "still not finished 300 s later")
    .then((state) => `same ${queue} job killed twice: ${jobId} ended ${state}`);
  return { kills: 2, outcome };
}

/** Waits until `count` more jobs have finished in the fleet's queues, or `timeoutMs` (an idle fleet). */
export async function afterJobsFinish(ctx: ChaosContext, count: number, timeoutMs = 20_000): Promise<void> {
  const start = await ctx.probe.finishedJobs();
  await eventually(`${count} more finished jobs`, async () => ((await ctx.probe.finishedJobs()) >= start + count ? true : undefined), { timeoutMs }).catch(
    () => undefined,
  );
}
