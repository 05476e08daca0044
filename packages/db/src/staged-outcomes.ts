// Outcomes a partition child job decided, stored by that job (see the migration
// 20251126000000_staged_outcomes): the parent then settles from the leftovers alone, and
// completeRun moves these rows into the run's tables set-based.
import type { Discrepancy } from "@recon/domain";
import type { Db } from "./client";
import { copyField, copyLines } from "./copy-encoding";
import { withTransaction } from "./transaction";

export interface PartitionOutcomes {
  discrepancies: readonly Discrepancy[];
  pairedProcessorIds: readonly string[];
  pairedInternalIds: readonly string[];
}

function discrepancyLine(planId: string, partition: number): (row: { d: Discrepancy; seq: number }) => string {
  return ({ d, seq }) =>
    `${planId}\t${partition}\t${seq}\t${copyField(d.kind)}\t${copyField(d.processorExternalId)}\t${copyField(d.internalExternalId)}\t` +
    `${copyField(d.currency)}\t${d.processorAmountMinor === null ? "\\N" : d.processorAmountMinor.toString()}\t` +
    `${d.internalAmountMinor === null ? "\\N" : d.internalAmountMinor.toString()}\t${d.amountAtRiskMinor.toString()}\t${copyField(d.reason)}`;
}

function* numbered<T>(rows: readonly T[]): Generator<{ d: T; seq: number }> {
  for (let seq = 0; seq < rows.length; seq++) yield { d: rows[seq]!, seq };
}

function* pairedRows(outcomes: PartitionOutcomes): Generator<{ side: string; id: string; seq: number }> {
  let seq = 0;
  for (const id of outcomes.pairedProcessorIds) yield { side: "processor", id, seq: seq++ };
  for (const id of outcomes.pairedInternalIds) yield { side: "internal", id, seq: seq++ };
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
    await client.query("DELETE FROM reconcile_staged_discrepancies WHERE plan_id = $1 AND partition = $2", [planId, partition]);
    await client.query("DELETE FROM reconcile_staged_paired_ids WHERE plan_id = $1 AND partition = $2", [planId, partition]);
    await copyLines(
      client,
      `COPY reconcile_staged_discrepancies (plan_id, partition, seq, kind, processor_external_id, internal_external_id, currency,
         processor_amount_minor, internal_amount_minor, amount_at_risk_minor, reason) FROM STDIN`,
      numbered(outcomes.discrepancies),
      discrepancyLine(planId, partition),
    );
    await copyLines(
      client,
      "COPY reconcile_staged_paired_ids (plan_id, partition, seq, side, external_id) FROM STDIN",
      pairedRows(outcomes),
      (r) => `${planId}\t${partition}\t${r.seq}\t${r.side}\t${copyField(r.id)}`,
    );
    await client.query(
      `INSERT INTO reconcile_partition_results (plan_id, partition, result) VALUES ($1, $2, $3)
       ON CONFLICT (plan_id, partition) DO UPDATE SET result = EXCLUDED.result, created_at = now()`,
      [planId, partition, encodedResult],
    );
  });
}
