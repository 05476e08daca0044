// COPY FROM STDIN writers for bulk loads (benchmarks, large backfills). Unlike the upserts they
// do not merge with existing rows: the target rows must not exist yet (a conflict aborts the
// whole COPY, nothing half-written).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import { from as copyFrom } from "pg-copy-streams";
import type { Db } from "./client";

/** Escapes one value for COPY's text format; null is \N. */
function field(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

function processorLine(r: ProcessorTransaction): string {
  return [
    r.processor,
    r.externalId,
    textArray(r.relatedIds),
    r.reference,
    r.merchantId,
    r.grossMinor.toString(),
    r.feeMinor.toString(),
    r.netMinor.toString(),
    r.currency,
    r.status,
    r.rawStatus,
    r.type,
    r.occurredAt.toISOString(),
    JSON.stringify(r.raw ?? null),
  ]
    .map(field)
    .join("\t");
}

function ledgerLine(r: InternalTransaction): string {
  return [
    r.externalId,
    r.processor,
    r.processorRef,
    r.reference,
    r.grossMinor.toString(),
    r.feeMinor === null ? null : r.feeMinor.toString(),
    r.currency,
    r.status,
    r.occurredAt.toISOString(),
    JSON.stringify(r.raw ?? null),
  ]
    .map(field)
    .join("\t");
}

async function copyRows<T>(db: Db, sql: string, rows: Iterable<T>, line: (row: T) => string): Promise<number> {
  const client = await db.pool.connect();
  let count = 0;
  try {
    // Batches of lines keep the stream's per-chunk overhead small without building one huge string.
    function* batches(): Generator<string> {
      let buffer: string[] = [];
      for (const row of rows) {
        buffer.push(line(row));
        count += 1;
        if (buffer.length === 2_000) {
          yield `${buffer.join("\n")}\n`;
          buffer = [];
        }
      }
      if (buffer.length > 0) yield `${buffer.join("\n")}\n`;
    }
    await pipeline(Readable.from(batches()), client.query(copyFrom(sql)));
    return count;
  } finally {
    client.release();
  }
}

/** COPYs processor records into processor_transactions; returns the row count. */
export function copyProcessorTransactions(db: Db, rows: Iterable<ProcessorTransaction>): Promise<number> {
  return copyRows(
    db,
    `COPY processor_transactions (processor, external_id, related_ids, reference, merchant_id, gross_minor, fee_minor,
       net_minor, currency, status, raw_status, type, occurred_at, raw) FROM STDIN`,
    rows,
    processorLine,
  );
}

/** COPYs ledger records into internal_transactions; returns the row count. */
export function copyInternalTransactions(db: Db, rows: Iterable<InternalTransaction>): Promise<number> {
  return copyRows(
    db,
    `COPY internal_transactions (external_id, processor, processor_ref, reference, gross_minor, fee_minor, currency,
       status, occurred_at, raw) FROM STDIN`,
    rows,
    ledgerLine,
  );
}
