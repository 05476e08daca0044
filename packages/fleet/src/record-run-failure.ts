import { failRunOnce, type FailedRun } from "@recon/db";
import type { Processor } from "@recon/domain";
import { publishEvent, runEventId } from "@recon/queue";
import type { FleetContext } from "./context";

export interface RunFailure {
  processor: Processor;
  runDate: string;
  /** The head job (reconcile.run) of the flow that failed: names the run.failed event. */
  headJobId: string;
  /** Why, for operators and the alert. */
  error: string;
  /** Who saw it: "reconcile-worker", "fetch-worker", "watchdog". */
  actor: string;
}

/**
 * Fails the run and announces it once (failRunOnce: row, event and audit in one transaction), then
 * publishes the run.failed event at once; if that publish fails the outbox relay delivers it.
 * Every path that fails a run goes through here.
 */
export async function recordRunFailure(ctx: FleetContext, failure: RunFailure): Promise<FailedRun> {
  const failed = await failRunOnce(ctx.db, {
    processor: failure.processor,
    runDate: failure.runDate,
    error: failure.error,
    eventId: runEventId(failure.headJobId, "failed"),
    actor: failure.actor,
  });
  if (failed.recorded) {
    await publishEvent(ctx.queues, failed.event).catch((error: unknown) =>
      ctx.logger.warn({ err: (error as Error).message, eventId: failed.event.id }, "publishing run.failed deferred to the outbox relay"),
    );
  }
  return failed;
}
