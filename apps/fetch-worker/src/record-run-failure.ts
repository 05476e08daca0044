import { failRun, startRun } from "@recon/db";
import type { Processor } from "@recon/domain";
import type { FleetContext } from "@recon/fleet";
import { publishEvent, runEventId } from "@recon/queue";

/**
 * Marks a run failed when one of its fetch slices fails for good, so the run row shows the error
 * and operators are alerted. The flow itself waits: retrying the failed slice (Bull Board) lets
 * the reconcile job run, which then replaces this failure with the completed results.
 */
export async function recordRunFailure(
  ctx: FleetContext,
  input: { processor: Processor; runDate: string; jobId: string; error: string },
): Promise<void> {
  const runId = await startRun(ctx.db, { processor: input.processor, runDate: input.runDate, createdBy: "fetch-worker" });
  const event = {
    id: runEventId(input.jobId, "failed"),
    type: "run.failed",
    payload: { runId, processor: input.processor, runDate: input.runDate },
  };
  await failRun(ctx.db, { runId, error: input.error, event });
  await publishEvent(ctx.queues, event).catch((error: unknown) =>
    ctx.logger.warn({ err: (error as Error).message }, "publishing run.failed deferred to the outbox relay"),
  );
}
