import type { InternalTransaction, Processor, TransactionStatus } from "@recon/domain";
import type { Db } from "./client";
import { streamQuery } from "./cursor-stream";
import type { TimeWindow } from "./time-window";

/** An internal_transactions row as pg returns it (bigint columns as strings). */
export interface InternalTransactionRow {
  external_id: string;
  processor: string;
  processor_ref: string | null;
  reference: string | null;
  gross_minor: string;
  fee_minor: string | null;
  currency: string;
  status: string;
  occurred_at: Date;
  raw: unknown;
}

const SELECT_SQL = `
SELECT external_id, processor, processor_ref, reference, gross_minor, fee_minor, currency, status, occurred_at, raw
  FROM internal_transactions
 WHERE processor = $1 AND occurred_at >= $2 AND occurred_at < $3
 ORDER BY occurred_at, id`;

export function internalTransactionFromRow(row: InternalTransactionRow): InternalTransaction {
  return {
    externalId: row.external_id,
    processor: row.processor as Processor,
    processorRef: row.processor_ref,
    reference: row.reference,
    grossMinor: BigInt(row.gross_minor),
    feeMinor: row.fee_minor === null ? null : BigInt(row.fee_minor),
    currency: row.currency,
    status: row.status as TransactionStatus,
    occurredAt: row.occurred_at,
    raw: row.raw,
  };
}

/** The ledger's records for the processor with occurred_at in [window.start, window.end), streamed. */
export function streamInternalTransactions(db: Db, processor: Processor, window: TimeWindow): AsyncIterable<InternalTransaction> {
  return streamQuery<InternalTransactionRow, InternalTransaction>(db.pool, SELECT_SQL, [processor, window.start, window.end], internalTransactionFromRow);
}
