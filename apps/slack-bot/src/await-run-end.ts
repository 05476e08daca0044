import { listRuns, type Db, type RunRow } from "@recon/db";
import type { Processor } from "@recon/domain";
import type { QueueSet } from "@recon/queue";

export interface RunEnd {
  status: "completed" | "failed" | "timeout";
  run?: RunRow;
  error?: string;
}

export interface AwaitRunEndOptions {
  processor: Processor;
  runDate: string;
  /** The run's reconcile job (from triggerRun). */
  jobId: string;
  /** When the trigger happened: a failed run row older than this is an earlier attempt. */
  since: Date;
  /** Default 2 hours. */
  timeoutMs?: number;
  /** Default 1000 ms. */
  pollMs?: number;
}

/**
 * Waits for a run to end by polling its reconcile job and its run row. A fetch slice that failed
 * for good leaves the flow waiting for an operator's retry, but marks the run row failed: that
 * ends the wait too, so Slack hears about it.
 */
export async function awaitRunEnd(queues: QueueSet, db: Db, options: AwaitRunEndOptions): Promise<RunEnd> {
  const deadline = Date.now() + (options.timeoutMs ?? 2 * 3_600_000);
  for (;;) {
    const job = await queues.queues.reconcile.getJob(options.jobId);
    const state = job ? await job.getState() : "missing";
    const [run] = await listRuns(db, { processor: options.processor, runDate: options.runDate });
    if (state === "completed" && run?.status === "completed") return { status: "completed", run };
    if (state === "failed") return { status: "failed", ...(run ? { run } : {}), error: job?.failedReason ?? "the run failed" };
    if (state === "missing") return { status: "failed", error: `run job ${options.jobId} is gone (removed from the queue?)` };
    if (run?.status === "failed" && run.updatedAt >= options.since) {
      return { status: "failed", run, error: run.errorMessage ?? "the run failed" };
    }
    if (Date.now() > deadline) return { status: "timeout", ...(run ? { run } : {}) };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
  }
}
