// Streams one partition of a reconcile plan, both sides, through server-side cursors: a child
// job's memory follows its partition, never the day. The records come without `raw` (null): the
// engine never reads the processor's payload, and it is most of a record's size in memory.
// A partition's ids are one array per side (reconcile_plan_members); `id = ANY(array)` probes the
// primary key once per id, in id order.
import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import type { Db } from "./client";
import { streamQuery } from "./cursor-stream";
import { internalTransactionFromRow, type InternalTransactionRow } from "./read-internal-transactions";
import { processorTransactionFromRow, type ProcessorTransactionRow } from "./read-processor-transactions";

const PROCESSOR_SQL = `
SELECT t.processor, t.external_id, t.related_ids, t.reference, t.merchant_id, t.gross_minor, t.fee_minor, t.net_minor,
       t.currency, t.status, t.raw_status, t.type, t.occurred_at, NULL::jsonb AS raw
  FROM processor_transactions t
 WHERE t.id = ANY ((SELECT m.record_ids FROM reconcile_plan_members m
                     WHERE m.plan_id = $1 AND m.partition = $2 AND m.side = 'processor')::bigint[])`;

const INTERNAL_SQL = `
SELECT t.external_id, t.processor, t.processor_ref, t.reference, t.gross_minor, t.fee_minor, t.currency, t.status,
       t.occurred_at, NULL::jsonb AS raw
  FROM internal_transactions t
 WHERE t.id = ANY ((SELECT m.record_ids FROM reconcile_plan_members m
                     WHERE m.plan_id = $1 AND m.partition = $2 AND m.side = 'internal')::bigint[])`;

export function streamPartitionProcessorTransactions(
  db: Db,
  planId: string,
  partition: number,
): AsyncIterable<ProcessorTransaction> {
  return streamQuery<ProcessorTransactionRow, ProcessorTransaction>(
    db.pool,
    PROCESSOR_SQL,
    [planId, partition],
    processorTransactionFromRow,
  );
}

export function streamPartitionInternalTransactions(
  db: Db,
  planId: string,
  partition: number,
): AsyncIterable<InternalTransaction> {
  return streamQuery<InternalTransactionRow, InternalTransaction>(
    db.pool,
    INTERNAL_SQL,
    [planId, partition],
    internalTransactionFromRow,
  );
}
