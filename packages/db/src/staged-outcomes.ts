// Outcomes a partition child job decided, stored by that job (see the migration
// 20251126000000_staged_outcomes): the parent then settles from the leftovers alone, and
// completeRun moves these rows into the run's tables set-based.
import type { Discrepancy } from "@recon/domain";
import type { Db } from "./client";
import { withTransaction } from "./transaction";
import { discrepancyColumns } from "./discrepancy-columns";

export interface PartitionOutcomes {
  discrepancies: readonly Discrepancy[];
  pairedProcessorIds: readonly string[];
  pairedInternalIds: readonly string[];
}

/**
 * Stores one partition's decided outcomes and its remaining (encoded) result in ONE transaction,
 * replacing what an earlier attempt of the same partition stored: a retried child job writes
 * its partition once, and the parent never sees a result without its outcomes.
 */
export async function savePartitionOutcomes(
  db: Db,
  planId: string,
  partition: number,
  outcomes: PartitionOutcomes,
  encodedResult: string,
): Promise<void> {
  await withTransaction(db.pool, async (client) => {
    // Locks the plan row against a concurrent completeRun (which deletes it) and refuses a plan
    // that is already gone, rather than writing rows nobody will read.
    const plan = await client.query("SELECT 1 FROM reconcile_plans WHERE id = $1 FOR SHARE", [planId]);
    if (plan.rowCount !== 1) throw new Error(`reconcile plan ${planId} no longer exists`);
    await client.query("DELETE FROM reconcile_staged_discrepancies WHERE plan_id = $1 AND partition = $2", [
      planId,
      partition,
    ]);
    await client.query("DELETE FROM reconcile_staged_paired_ids WHERE plan_id = $1 AND partition = $2", [
      planId,
      partition,
    ]);
    // One row per partition, a column of values per field (see the migration
    // 20261203030000_plan_arrays): a row per outcome paid a foreign-key check and an index entry.
    await client.query(
      `INSERT INTO reconcile_staged_discrepancies (plan_id, partition, kinds, processor_external_ids, internal_external_ids,
         currencies, processor_amounts_minor, internal_amounts_minor, amounts_at_risk_minor, reasons)
       VALUES ($1, $2, $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[])`,
      [planId, partition, ...discrepancyColumns(outcomes.discrepancies)],
    );
    await client.query(
      `INSERT INTO reconcile_staged_paired_ids (plan_id, partition, side, external_ids)
       VALUES ($1, $2, 'processor', $3::text[]), ($1, $2, 'internal', $4::text[])`,
      [planId, partition, outcomes.pairedProcessorIds, outcomes.pairedInternalIds],
    );
    await client.query(
      `INSERT INTO reconcile_partition_results (plan_id, partition, result) VALUES ($1, $2, $3)
       ON CONFLICT (plan_id, partition) DO UPDATE SET result = EXCLUDED.result, created_at = now()`,
      [planId, partition, encodedResult],
    );
  });
}
