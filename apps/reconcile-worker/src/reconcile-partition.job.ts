import { getReconcilePlan, savePartitionOutcomes } from "@recon/db";
import { encodePartitionResult, stageOutcomes } from "@recon/engine";
import type { FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import { UnrecoverableError } from "bullmq";
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
      throw new UnrecoverableError(`reconcile plan ${payload.planId} no longer exists (its run was re-planned or completed)`);
    }
    if (payload.partition >= plan.partitions) {
      throw new UnrecoverableError(`plan ${plan.id} has ${plan.partitions} partitions; there is no partition ${payload.partition}`);
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
