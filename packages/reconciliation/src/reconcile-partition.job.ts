import { getReconcilePlan, savePartitionOutcomes } from "@recon/db";
import { encodePartitionResult, stageOutcomes } from "@recon/engine";
import type { FleetContext } from "@recon/fleet";
import { JobRefusedError, type JobHandler } from "@recon/queue";
import { reconcilePlanPartition } from "./reconcile-day";
import { reconcileSettingsOf } from "./reconcile-settings";

export interface ReconcilePartitionJobResult {
  planId: string;
  partition: number;
  /** Records this partition read (both sides). */
  records: number;
}

/**
 * Reconciles one partition of a plan (phase 1: the keyed passes over its slice of the residue,
 * streamed out of Postgres) and stores it: its decided outcomes in the staging tables, which the
 * run's transaction moves set-based, and the rest (leftovers, figures) for the parent to settle.
 * Storing replaces the partition's own rows in one transaction, so a retry writes it once.
 */
export function reconcilePartitionHandler(ctx: FleetContext): JobHandler<"reconcile.partition"> {
  return async (payload, job) => {
    const plan = await getReconcilePlan(ctx.db, payload.planId);
    if (plan === null) {
      // The parent re-planned (a later attempt) or finished: this child's work is not needed.
      throw new JobRefusedError(`reconcile plan ${payload.planId} no longer exists (its run was re-planned or completed)`);
    }
    if (payload.partition >= plan.partitions) {
      throw new JobRefusedError(`plan ${plan.id} has ${plan.partitions} partitions; there is no partition ${payload.partition}`);
    }
    // A partition is a child of the run job that made its plan, for the same processor and day.
    if (job.job.parent?.id !== plan.jobKey || payload.processor !== plan.processor || payload.runDate !== plan.runDate) {
      throw new JobRefusedError(
        `partition job ${String(job.job.id)} (${payload.processor} on ${payload.runDate}, parent ${job.job.parent?.id ?? "none"}) ` +
          `is not a child of plan ${plan.id}'s run job ${plan.jobKey} (${plan.processor} on ${plan.runDate})`,
      );
    }
    const result = await reconcilePlanPartition(ctx.db, plan, payload.partition, reconcileSettingsOf(ctx.config));
    // The decided outcomes go to the staging tables, the rest to the parent.
    const { kept, staged } = stageOutcomes(result);
    await savePartitionOutcomes(ctx.db, plan.id, payload.partition, staged, encodePartitionResult(kept));
    const records = result.recordCount;
    job.log.info({ planId: plan.id, partition: payload.partition, records }, "partition reconciled");
    return { planId: plan.id, partition: payload.partition, records } satisfies ReconcilePartitionJobResult;
  };
}
