import type { Processor, ProcessorTransaction, TransactionStatus, TransactionType } from "@recon/domain";
import type { Db } from "./client";
import { streamQuery } from "./cursor-stream";
import type { TimeWindow } from "./time-window";

/** A processor_transactions row as pg returns it (bigint columns as strings). */
export interface ProcessorTransactionRow {
  processor: string;
  external_id: string;
  related_ids: string[] | null;
  reference: string | null;
  merchant_id: string | null;
  gross_minor: string;
  fee_minor: string;
  net_minor: string;
  currency: string;
  status: string;
  raw_status: string;
  type: string;
  occurred_at: Date;
  raw: unknown;
}

const SELECT_SQL = `
SELECT processor, external_id, related_ids, reference, merchant_id, gross_minor, fee_minor, net_minor,
       currency, status, raw_status, type, occurred_at, raw
  FROM processor_transactions
 WHERE processor = $1 AND occurred_at >= $2 AND occurred_at < $3
 ORDER BY occurred_at, id`;

// Values were validated on the way in, so the casts only restore the domain's literal types.
export function processorTransactionFromRow(row: ProcessorTransactionRow): ProcessorTransaction {
  return {
    processor: row.processor as Processor,
    externalId: row.external_id,
    relatedIds: row.related_ids ?? [],
    reference: row.reference,
    merchantId: row.merchant_id,
    grossMinor: BigInt(row.gross_minor),
    feeMinor: BigInt(row.fee_minor),
    netMinor: BigInt(row.net_minor),
    currency: row.currency,
    status: row.status as TransactionStatus,
    rawStatus: row.raw_status,
    type: row.type as TransactionType,
    occurredAt: row.occurred_at,
    raw: row.raw,
  };
}

/** The processor's records with occurred_at in [window.start, window.end), oldest first, streamed. */
export function streamProcessorTransactions(db: Db, processor: Processor, window: TimeWindow): AsyncIterable<ProcessorTransaction> {
  return streamQuery<ProcessorTransactionRow, ProcessorTransaction>(db.pool, SELECT_SQL, [processor, window.start, window.end], processorTransactionFromRow);
}
