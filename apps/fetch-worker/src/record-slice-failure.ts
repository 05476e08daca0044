import type { Processor } from "@recon/domain";
import { recordRunFailure, type FleetContext } from "@recon/fleet";
import { liveRunHead } from "@recon/queue";

/**
 * Marks a run failed when one of its fetch slices fails for good, so the run row shows the error
 * and operators are alerted. The flow itself waits: retrying the failed slice (Bull Board) lets
 * the reconcile job run, which then replaces this failure with the completed results.
 *
 * Only a slice of the live generation touches the run: a slice without a parent (added by hand)
 * or of a generation a newer trigger replaced must never fail another run. When no generation
 * was recorded for the day (a flow built by hand, without triggerRun) the slice's parent counts as live.
 */
export async function recordSliceFailure(
  ctx: FleetContext,
  input: { processor: Processor; runDate: string; parentJobId: string | undefined; error: string },
): Promise<void> {
  const live = await liveRunHead(ctx.queues, input.processor, input.runDate);
  if (input.parentJobId === undefined || (live !== null && live !== input.parentJobId)) {
    ctx.logger.warn(
      { processor: input.processor, runDate: input.runDate, parent: input.parentJobId ?? null, live, err: input.error },
      "a fetch slice outside the live run failed; no run touched",
    );
    return;
  }
  await recordRunFailure(ctx, {
    processor: input.processor,
    runDate: input.runDate,
    headJobId: input.parentJobId,
    error: input.error,
    actor: "fetch-worker",
  });
}
