import { recordRunFailure, type FleetContext } from "@recon/fleet";
import { sliceRunProblem, sliceWindowProblem, type JobPayload } from "@recon/queue";
import type { Job } from "bullmq";
import { graceMsOf } from "./slice-grace";

/**
 * Marks a run failed when one of its fetch slices fails for good, so the run row shows the error
 * and operators are alerted. The flow itself waits: retrying the failed slice (Bull Board) lets
 * the reconcile job run, which then replaces this failure with the completed results.
 *
 * Only a slice of the live run touches it: the same checks that admit a slice are made again
 * here (its run may have moved on since it started), so a slice without a parent, of a replaced
 * generation, or whose window lies outside its day and grace never fails a run or alerts.
 */
export async function recordSliceFailure(
  ctx: FleetContext,
  input: { job: Job; slice: JobPayload<"fetch.slice">; error: string },
): Promise<void> {
  const { job, slice } = input;
  const problem = sliceWindowProblem(slice, graceMsOf(ctx)) ?? (await sliceRunProblem(ctx.queues, job, slice));
  const headJobId = job.parent?.id;
  if (problem !== undefined || headJobId === undefined) {
    ctx.logger.warn({ processor: slice.processor, runDate: slice.runDate, jobId: job.id, problem, err: input.error }, "a fetch slice outside its live run failed; no run touched");
    return;
  }
  await recordRunFailure(ctx, {
    processor: slice.processor,
    runDate: slice.runDate,
    headJobId,
    error: input.error,
    actor: "fetch-worker",
  });
}
