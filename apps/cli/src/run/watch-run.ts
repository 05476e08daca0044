import type { Processor } from "@recon/domain";
import type { QueueSet } from "@recon/queue";
import { printable } from "@recon/runtime";

/** Where one run stands, as the CLI shows it. */
export interface RunProgress {
  processor: Processor;
  stage: "queued" | "fetching" | "reconciling" | "reporting" | "done" | "failed";
  /** Records fetched so far (none with --no-fetch: see `stored`). */
  fetched: { processor: number; internal: number };
  /** --no-fetch: the run reconciles what is stored, nothing is fetched. */
  fromDatabase: boolean;
  /** --no-fetch, once the run has ended: the records it read from the database (its row's counts). */
  stored?: { processor: number; internal: number };
  /** Some worker has taken up a job of this run's flow (a fetch slice or the run job itself). */
  pickedUp: boolean;
  rejected: number;
  error?: string;
  /** The run.completed event, once the run job has completed (its report and alert follow from it). */
  eventId?: string;
  /** True when the watch gave up at the timeout: the run may still be going on in the workers. */
  timedOut?: boolean;
}

interface FetchChildProgress {
  fetched?: number;
  rejected?: number;
}

/**
 * Follows one run flow through its jobs (fetch children → reconcile → report) by polling job
 * states, calling `onProgress` on every change, until the run is done or has failed. Polling
 * keeps this free of extra Redis subscriptions and works the same for in-process and remote runs.
 */
export async function watchRun(
  set: QueueSet,
  input: { processor: Processor; jobId: string; slices: number; fetch: boolean; remote: boolean; timeoutMs: number; pollMs?: number },
  onProgress: (progress: RunProgress) => void,
): Promise<RunProgress> {
  const deadline = Date.now() + input.timeoutMs;
  const progress: RunProgress = {
    processor: input.processor,
    stage: "queued",
    fetched: { processor: 0, internal: 0 },
    fromDatabase: !input.fetch,
    pickedUp: false,
    rejected: 0,
  };
  let last = "";
  const emit = () => {
    const snapshot = JSON.stringify(progress);
    if (snapshot !== last) {
      last = snapshot;
      onProgress({ ...progress, fetched: { ...progress.fetched } });
    }
  };
  for (;;) {
    if (Date.now() > deadline) {
      progress.stage = "failed";
      progress.timedOut = true;
      const seconds = Math.round(input.timeoutMs / 1000);
      progress.error = progress.pickedUp
        ? `timed out after ${seconds} s waiting for the run (it goes on in the workers)`
        : input.remote
          ? `no worker picked up the run within ${seconds} s: no fleet worker is taking jobs from these queues (start them with \`recon workers\`, or run without --remote to work in this process); the run stays queued for them`
          : `no worker picked up the run within ${seconds} s, not even this process's own (are the queues paused?); the run stays queued`;
      emit();
      return progress;
    }
    const done = await pollOnce(set, input, progress);
    emit();
    if (done) return progress;
    await new Promise((resolve) => setTimeout(resolve, input.pollMs ?? 200));
  }
}

async function pollOnce(
  set: QueueSet,
  input: { jobId: string; slices: number; fetch: boolean },
  progress: RunProgress,
): Promise<boolean> {
  const parent = await set.queues.reconcile.getJob(input.jobId);
  if (!parent) return fail(progress, `run job ${input.jobId} is gone (removed from the queue?)`);
  const state = await parent.getState();
  if (parent.processedOn) progress.pickedUp = true;
  if (input.fetch) {
    const childFailure = await readFetchChildren(set, input, progress);
    if (childFailure) return fail(progress, childFailure);
  }
  switch (state) {
    case "waiting-children":
      progress.stage = progress.pickedUp ? "fetching" : "queued";
      return false;
    case "failed":
      return fail(progress, parent.failedReason);
    case "completed": {
      // The job object was read before it completed (state is read after): poll again for its result.
      const result = parent.returnvalue as { eventId: string } | null;
      if (!result) return false;
      progress.eventId = result.eventId;
      return readReport(set, result, progress);
    }
    default:
      // waiting, active, delayed (between retries), prioritized; queued until a worker takes it
      progress.stage = progress.pickedUp ? "reconciling" : "queued";
      return false;
  }
}

async function readReport(set: QueueSet, result: { eventId: string }, progress: RunProgress): Promise<boolean> {
  const report = await set.queues.report.getJob(`report.render-${result.eventId}`);
  const state = report ? await report.getState() : "unknown";
  if (state === "completed") {
    progress.stage = "done";
    return true;
  }
  if (state === "failed") return fail(progress, `report failed: ${report?.failedReason}`);
  progress.stage = "reporting";
  return false;
}

function fail(progress: RunProgress, error: string): true {
  progress.stage = "failed";
  // Only ever printed on a terminal, and it quotes what an API or a job said: made printable once, here.
  progress.error = printable(error);
  return true;
}

/** Sums the fetch children's progress; returns an error when one has failed for good. */
async function readFetchChildren(set: QueueSet, input: { jobId: string; slices: number }, progress: RunProgress): Promise<string | undefined> {
  const totals = { processor: 0, internal: 0 };
  let rejected = 0;
  for (const side of ["processor", "internal"] as const) {
    for (let index = 0; index < input.slices; index += 1) {
      const child = await set.queues.fetch.getJob(`${input.jobId}-${side}-${index}`);
      if (!child) continue;
      if (child.processedOn) progress.pickedUp = true;
      const childProgress = (typeof child.progress === "object" ? child.progress : {}) as FetchChildProgress;
      totals[side] += childProgress.fetched ?? 0;
      rejected += childProgress.rejected ?? 0;
      if (child.failedReason && (await child.getState()) === "failed") {
        return `fetching ${side} slice ${index} failed after ${child.attemptsMade} attempt(s): ${child.failedReason}`;
      }
    }
  }
  progress.fetched = totals;
  progress.rejected = rejected;
  return undefined;
}
