// COPY text-format encoding of transaction rows, shared by the plain COPY loaders
// (copy-transactions.ts) and the staged upserts (staged-upsert.ts), and of a run's discrepancies
// (runs.ts): one definition of the line format and of the column order it goes with.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Discrepancy, InternalTransaction, ProcessorTransaction } from "@recon/domain";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { toJson } from "./json";

const COPY_SPECIAL = /[\\\t\n\r]/;
const ARRAY_SPECIAL = /["\\]/;

/** Escapes one value for COPY's text format; null is \N (a string "\N" comes out as \\N). */
function copyField(value: string | null): string {
  if (value === null) return "\\N";
  // Most values need no escaping: test once instead of running four replaces on each.
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** A text[] literal: every element quoted, so commas, braces, blanks and "NULL" stay text. */
function copyTextArray(values: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += `${i === 0 ? "" : ","}"${ARRAY_SPECIAL.test(v) ? v.replace(/\\/g, "\\\\").replace(/"/g, '\\"') : v}"`;
  }
  return `${out}}`;
}

/** JSON text of a raw record; bigint (which JSON.stringify refuses) goes through toJson. */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value ?? null) ?? "null";
  } catch {
    return toJson(value);
  }
}

/** Column order of processorCopyLine. */
export const PROCESSOR_COPY_COLUMNS =
  "processor, external_id, related_ids, reference, merchant_id, gross_minor, fee_minor, net_minor, currency, status, raw_status, type, occurred_at, raw";

/**
 * One processor record as a COPY text line (no trailing newline), columns as
 * PROCESSOR_COPY_COLUMNS. Integers and ISO instants never need escaping; every text goes
 * through copyField.
 */
export function processorCopyLine(r: ProcessorTransaction): string {
  return (
    `${copyField(r.processor)}\t${copyField(r.externalId)}\t${copyField(copyTextArray(r.relatedIds))}\t` +
    `${copyField(r.reference)}\t${copyField(r.merchantId)}\t` +
    `${r.grossMinor.toString()}\t${r.feeMinor.toString()}\t${r.netMinor.toString()}\t` +
    `${copyField(r.currency)}\t${copyField(r.status)}\t${copyField(r.rawStatus)}\t${copyField(r.type)}\t` +
    `${r.occurredAt.toISOString()}\t${copyField(jsonText(r.raw))}`
  );
}

/** Column order of ledgerCopyLine. */
export const LEDGER_COPY_COLUMNS =
  "external_id, processor, processor_ref, reference, gross_minor, fee_minor, currency, status, occurred_at, raw";

/** One ledger record as a COPY text line (no trailing newline), columns as LEDGER_COPY_COLUMNS. */
export function ledgerCopyLine(r: InternalTransaction): string {
  return (
    `${copyField(r.externalId)}\t${copyField(r.processor)}\t${copyField(r.processorRef)}\t${copyField(r.reference)}\t` +
    `${r.grossMinor.toString()}\t${r.feeMinor === null ? "\\N" : r.feeMinor.toString()}\t` +
    `${copyField(r.currency)}\t${copyField(r.status)}\t${r.occurredAt.toISOString()}\t${copyField(jsonText(r.raw))}`
  );
}

/** Column order of discrepancyCopyLine. */
export const DISCREPANCY_COPY_COLUMNS =
  "run_id, kind, processor_external_id, internal_external_id, currency, processor_amount_minor, internal_amount_minor, amount_at_risk_minor, reason";

/** One discrepancy of run `runId` as a COPY text line (no trailing newline), columns as DISCREPANCY_COPY_COLUMNS. */
export function discrepancyCopyLine(runId: string, d: Discrepancy): string {
  return (
    `${copyField(runId)}\t${copyField(d.kind)}\t${copyField(d.processorExternalId)}\t${copyField(d.internalExternalId)}\t` +
    `${copyField(d.currency)}\t${d.processorAmountMinor === null ? "\\N" : d.processorAmountMinor.toString()}\t` +
    `${d.internalAmountMinor === null ? "\\N" : d.internalAmountMinor.toString()}\t${d.amountAtRiskMinor.toString()}\t` +
    `${copyField(d.reason)}`
  );
}

/**
 * Runs `COPY … FROM STDIN` (`sql`) on `client`, streaming `rows` encoded by `line`; returns the
 * row count. An encoder error or a server error aborts the COPY (the stream sends CopyFail), so
 * nothing of it is written and the client stays usable.
 */
export async function copyLines<T>(
  client: pg.ClientBase,
  sql: string,
  rows: Iterable<T>,
  line: (row: T) => string,
): Promise<number> {
  let count = 0;
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
}
