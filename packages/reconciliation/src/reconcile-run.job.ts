import {
  completeRun,
  countRejected,
  findReconcilePlan,
  loadPartitionResult,
  missingPartitions,
  startRun,
  type ReconcilePlan,
} from "@recon/db";
import { decodeEachPartitionResult, type PartitionResult } from "@recon/engine";
import { recordRunFailure, type FleetContext } from "@recon/fleet";
import {
  addPartitionJobs,
  refuseRunHeadNotLive,
  runEventId,
  runHeadProblem,
  type JobContext,
  type JobHandler,
  type JobPayload,
} from "@recon/queue";
import { WaitingChildrenError } from "bullmq";
import { planDay, reconcilePlanPartition, settlePlan, type ReconcileDayResult } from "./reconcile-day";
import { reconcileSettingsOf, type ReconcileSettings } from "./reconcile-settings";
import { relayPendingEvents } from "./relay";

export interface ReconcileJobResult {
  runId: string;
  eventId: string;
  status: "completed";
  partitions: number;
}

/**
 * Reconciles a (processor, day) as stored in Postgres (plus the grace period into the
 * neighbouring days). Steps, each resumable because the job runs again from the top after its
 * children finish or after a crash:
 *  1. plan: clean pairs settled in Postgres, the residue split into link-closed partitions
 *     (one plan per job attempt; a later attempt plans afresh);
 *  2. one partition: reconcile it here. Several: add a reconcile.partition child per partition
 *     and park until they are done (any worker process takes them);
 *  3. settle: merge the partition results, then write the run, its discrepancies, the legacy
 *     missing_transactions rows, the breaks update and a run.completed outbox event in ONE
 *     transaction, which also deletes the plan. The event id is derived from the job id, so a
 *     retry after the commit re-writes the same run and the same event rather than announcing
 *     the run twice.
 * A job that is not the live run of its day (added by hand, or of a replaced generation) is
 * refused before it touches the run.
 */
export function reconcileRunHandler(ctx: FleetContext): JobHandler<"reconcile.run"> {
  return async (payload, job) => {
    const jobId = String(job.job.id);
    // Only the live run of the day (the head triggerRun recorded) may start, replace or fail it.
    await refuseRunHeadNotLive(ctx.queues, job.job, payload);
    const settings = reconcileSettingsOf(ctx.config);
    let plan = await findReconcilePlan(ctx.db, jobId);
    if (plan !== null && plan.attempt !== job.job.attemptsMade) plan = null;
    const runId = plan?.runId ?? (await startRun(ctx.db, { processor: payload.processor, runDate: payload.runDate, createdBy: payload.createdBy }));
    try {
      if (plan === null) {
        await job.progress({ stage: "planning", runId });
        plan = await planDay(ctx.db, {
          jobKey: jobId,
          attempt: job.job.attemptsMade,
          runId,
          processor: payload.processor,
          runDate: payload.runDate,
          settings,
        });
        job.log.info({ runId, planId: plan.id, partitions: plan.partitions, residue: plan.residueCount, clean: plan.cleanCount }, "run planned");
      }
      const partitions = await partitionResults(ctx, plan, settings, job);
      await job.progress({ stage: "settling", runId, partitions: plan.partitions });
      const day = settlePlan(plan, partitions, settings);
      const eventId = await complete(ctx, payload, plan, day, jobId);
      job.log.info({ runId, counts: day.result.figures.counts }, "run reconciled");
      // Publish right away; if that fails the periodic relay delivers it later. The run itself is
      // committed, so this must not fail the job.
      await relayPendingEvents(ctx).catch((error: unknown) =>
        job.log.warn({ err: (error as Error).message }, "event publish deferred to the outbox relay"),
      );
      return { runId, eventId, status: "completed", partitions: plan.partitions } satisfies ReconcileJobResult;
    } catch (error) {
      if (error instanceof WaitingChildrenError) throw error;
      // Checked again, the run may have been replaced while this attempt ran (when Redis cannot
      // say, the admission at the start of the attempt stands).
      if (job.isFinalAttempt && (await runHeadProblem(ctx.queues, job.job, payload).catch(() => undefined)) === undefined) {
        // When recording fails too (the database is down), the job still fails with its own
        // reason, and the watchdog records the failure once the database is back.
        await recordRunFailure(ctx, {
          processor: payload.processor,
          runDate: payload.runDate,
          headJobId: jobId,
          error: (error as Error).message,
          actor: "reconcile-worker",
        }).catch((recordError: unknown) =>
          job.log.error({ err: (recordError as Error).message }, "could not record the run's failure; the watchdog will"),
        );
      }
      throw error;
    }
  };
}

/**
 * The plan's partition results: computed here for a one-partition plan, otherwise read from
 * what the child jobs stored, adding (idempotently) and waiting for the ones still missing.
 */
async function partitionResults(ctx: FleetContext, plan: ReconcilePlan, settings: ReconcileSettings, job: JobContext): Promise<Iterable<PartitionResult>> {
  if (plan.partitions === 1) return [await reconcilePlanPartition(ctx.db, plan, 0, settings)];
  const missing = await missingPartitions(ctx.db, plan);
  if (missing.length > 0) {
    // A child that failed for good must end the run here: adding it again would only re-register
    // the dependency (its job id exists, so BullMQ does not run it again) and park this job forever.
    await throwIfPartitionsFailed(plan, missing, job);
    await addPartitionJobs(
      ctx.queues,
      job.job,
      missing.map((partition) => ({ planId: plan.id, partition, processor: plan.processor, runDate: plan.runDate })),
    );
    await job.progress({ stage: "partitions", runId: plan.runId, partitions: plan.partitions, pending: missing.length });
    await job.waitForChildren();
    // No child is pending any more: every partition has stored its result, or one failed for good.
    const stillMissing = await missingPartitions(ctx.db, plan);
    if (stillMissing.length > 0) {
      await throwIfPartitionsFailed(plan, stillMissing, job);
      throw new Error(`partition(s) ${stillMissing.join(", ")} of ${plan.partitions} finished without storing a result`);
    }
  }
  const texts: string[] = [];
  for (let partition = 0; partition < plan.partitions; partition++) {
    const text = await loadPartitionResult(ctx.db, plan.id, partition);
    if (text === null) throw new Error(`partition ${partition} of plan ${plan.id} has no stored result`);
    texts.push(text);
  }
  // Decoded one by one as settle merges them.
  return decodeEachPartitionResult(texts);
}

/** Fails the run when a child job of this plan failed for good, naming the partitions and (up to three) reasons. */
async function throwIfPartitionsFailed(plan: ReconcilePlan, missing: number[], job: JobContext): Promise<void> {
  // Only this plan's children: failures of an earlier attempt's plan stay recorded on the job.
  const failures = Object.entries(await job.job.getIgnoredChildrenFailures())
    .filter(([childKey]) => childKey.includes(`-${plan.id}-p`))
    .map(([, reason]) => reason);
  if (failures.length === 0) return;
  throw new Error(`partition(s) ${missing.join(", ")} of ${plan.partitions} failed: ${[...new Set(failures)].slice(0, 3).join("; ")}`);
}

async function complete(
  ctx: FleetContext,
  payload: JobPayload<"reconcile.run">,
  plan: ReconcilePlan,
  day: ReconcileDayResult,
  jobId: string,
): Promise<string> {
  const rejectedCount =
    (await countRejected(ctx.db, payload.processor, payload.runDate)) + (await countRejected(ctx.db, "internal", payload.runDate));
  const eventId = runEventId(jobId, "completed");
  await completeRun(ctx.db, {
    runId: plan.runId,
    processor: payload.processor,
    runDate: payload.runDate,
    figures: day.result.figures,
    discrepancies: day.result.discrepancies,
    missing: day.result.missingInInternal,
    rejectedCount,
    breaks: { pairedProcessorIds: day.pairedProcessorIds, pairedInternalIds: day.pairedInternalIds },
    planId: plan.id,
    event: { id: eventId, type: "run.completed", payload: { runId: plan.runId, processor: payload.processor, runDate: payload.runDate } },
  });
  return eventId;
}
