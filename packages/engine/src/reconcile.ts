import { reconcilePartition } from "./reconcile-partition";
import { settlePartitions } from "./settle-partitions";
import type { ReconcileInput, ReconcileResult } from "./types";

/**
 * Joins one processor's records with the ledger's. Every input record ends in exactly one
 * outcome: a clean match (pair or group), one discrepancy (a pair that disagrees yields one
 * discrepancy covering both records), or out-of-window (its outcome belongs to a neighbouring
 * day's run). The result depends only on the set of input records, never on their order.
 *
 * The whole run as one partition: the same two phases a partitioned run uses, so there is one
 * definition of every rule.
 */
export async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
  const { processor, options, presettled } = input;
  return settlePartitions({ processor, options, presettled, partitions: [await reconcilePartition(input)] });
}
