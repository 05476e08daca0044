import { completeRun, countRejected, failRun, startRun } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import { runEventId, type JobHandler } from "@recon/queue";
import { reconcileDay } from "./reconcile-day";
import { relayPendingEvents } from "./relay";

export interface ReconcileJobResult {
  runId: string;
  eventId: string;
  status: "completed";
}

/**
 * Joins both sides of a (processor, day) as stored in Postgres (plus the grace period into the
 * neighbouring days) and writes the run, its discrepancies, the legacy missing_transactions rows,
 * the breaks update and a run.completed outbox event in ONE transaction. The event id is derived from the job id, so a retry after the commit re-writes the
 * same run and the same event rather than announcing the run twice.
 */
export function reconcileRunHandler(ctx: FleetContext): JobHandler<"reconcile.run"> {
  return async (payload, job) => {
    const jobId = String(job.job.id);
    const runId = await startRun(ctx.db, { processor: payload.processor, runDate: payload.runDate, createdBy: payload.createdBy });
    await job.progress({ stage: "reconciling", runId });
    try {
      const { result, pairedProcessorIds, pairedInternalIds } = await reconcileDay(ctx.db, {
        processor: payload.processor,
        runDate: payload.runDate,
      });
      const rejectedCount =
        (await countRejected(ctx.db, payload.processor, payload.runDate)) + (await countRejected(ctx.db, "internal", payload.runDate));
      const eventId = runEventId(jobId, "completed");
      await completeRun(ctx.db, {
        runId,
        processor: payload.processor,
        runDate: payload.runDate,
        figures: result.figures,
        discrepancies: result.discrepancies,
        missing: result.missingInInternal,
        rejectedCount,
        breaks: { pairedProcessorIds, pairedInternalIds },
        event: { id: eventId, type: "run.completed", payload: { runId, processor: payload.processor, runDate: payload.runDate } },
      });
      job.log.info({ runId, counts: result.figures.counts }, "run reconciled");
      // Publish right away; if that fails the periodic relay delivers it later. The run itself is
      // committed, so this must not fail the job.
      await relayPendingEvents(ctx).catch((error: unknown) =>
        job.log.warn({ err: (error as Error).message }, "event publish deferred to the outbox relay"),
      );
      return { runId, eventId, status: "completed" } satisfies ReconcileJobResult;
    } catch (error) {
      if (job.isFinalAttempt) {
        await failRun(ctx.db, {
          runId,
          error: (error as Error).message,
          event: { id: runEventId(jobId, "failed"), type: "run.failed", payload: { runId, processor: payload.processor, runDate: payload.runDate } },
        });
        await relayPendingEvents(ctx).catch(() => undefined);
      }
      throw error;
    }
  };
}
