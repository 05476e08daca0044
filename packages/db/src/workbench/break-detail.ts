// A break's page: the break, both records it is about (every column, the raw payloads), which
// fields the two sides disagree on, its history from the audit log, and the runs that saw it.
import { formatMinorUnits } from "@recon/domain";
import { BREAK_SELECT, toBreak, type BreakDbRow, type BreakRow } from "../breaks";
import type { Db } from "../client";

/** One column of a record, shown as text (null: the column is empty). */
export interface RecordField {
  name: string;
  value: string | null;
}

export interface BreakRecord {
  /** Every column but raw, in table order. */
  fields: RecordField[];
  /** The source's payload as stored, pretty-printed JSON. */
  raw: string;
}

/** A field the processor and the ledger disagree on, as each side shows it. */
export interface FieldDifference {
  field: string;
  /** The columns it compares on each side (highlighted on the page). */
  processorColumn: string;
  internalColumn: string;
  processorValue: string | null;
  internalValue: string | null;
}

export interface BreakHistoryEntry {
  seq: string;
  action: string;
  actor: string;
  at: Date;
  note: string | null;
  /** The resolution an entry recorded (manual, auto, superseded), if any. */
  resolution: string | null;
}

export interface BreakDetail {
  break: BreakRow & { firstSeenRunId: string; lastSeenAt: Date; createdAt: Date };
  processorRecord: BreakRecord | null;
  internalRecord: BreakRecord | null;
  /** Empty when a side is missing: there is nothing to compare with. */
  differences: FieldDifference[];
  history: BreakHistoryEntry[];
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return value.toString();
  return JSON.stringify(value);
}

async function loadRecord(db: Db, sql: string, params: unknown[]): Promise<{ record: BreakRecord; row: Record<string, unknown> } | null> {
  const result = await db.pool.query<Record<string, unknown>>(sql, params);
  const row = result.rows[0];
  if (row === undefined) return null;
  const fields = result.fields.filter((f) => f.name !== "raw").map((f) => ({ name: f.name, value: text(row[f.name]) }));
  return { record: { fields, raw: JSON.stringify(row.raw ?? null, null, 2) }, row };
}

const day = (value: unknown): string | null => (value instanceof Date ? value.toISOString().slice(0, 10) : null);
const trimmed = (value: unknown): string | null => (typeof value === "string" ? value.trim() : null);
const money = (value: unknown, currency: unknown): string | null =>
  typeof value === "string" && typeof currency === "string" ? formatMinorUnits(BigInt(value), currency.trim()) : null;

/**
 * The pairs compared, processor column vs ledger column (why these):
 * - gross amount: gross_minor vs gross_minor, each in its own currency's exponent;
 * - fee: fee_minor vs fee_minor (a ledger without a fee differs from any processor fee);
 * - currency vs currency;
 * - status vs status (both the normalised status every source shares);
 * - occurred day: the UTC day of occurred_at on each side (times differ by design, days should not);
 * - reference vs reference (the merchant's order reference);
 * - the ledger's processor_ref must name the processor's record: its external_id or one of its
 *   related_ids (the matcher accepts either), shown as external_id vs processor_ref.
 * net_minor, merchant_id, type and raw_status have no ledger counterpart and are not compared.
 */
function differencesOf(p: Record<string, unknown>, i: Record<string, unknown>): FieldDifference[] {
  const pairs: Array<[string, string, string, string | null, string | null, boolean?]> = [
    ["gross amount", "gross_minor", "gross_minor", money(p.gross_minor, p.currency), money(i.gross_minor, i.currency)],
    ["fee", "fee_minor", "fee_minor", money(p.fee_minor, p.currency), money(i.fee_minor, i.currency)],
    ["currency", "currency", "currency", trimmed(p.currency), trimmed(i.currency)],
    ["status", "status", "status", text(p.status), text(i.status)],
    ["occurred day", "occurred_at", "occurred_at", day(p.occurred_at), day(i.occurred_at)],
    ["reference", "reference", "reference", text(p.reference), text(i.reference)],
  ];
  const differences: FieldDifference[] = pairs
    .filter(([, , , a, b]) => a !== b)
    .map(([field, processorColumn, internalColumn, processorValue, internalValue]) => ({ field, processorColumn, internalColumn, processorValue, internalValue }));
  const processorIds = [p.external_id, ...((p.related_ids as unknown[] | null) ?? [])].map(String);
  const ref = text(i.processor_ref);
  if (ref === null || !processorIds.includes(ref)) {
    differences.push({ field: "processor reference", processorColumn: "external_id", internalColumn: "processor_ref", processorValue: text(p.external_id), internalValue: ref });
  }
  return differences;
}

interface DetailRow extends BreakDbRow {
  first_seen_run_id: string;
  last_seen_at: Date;
  created_at: Date;
}

/** Everything the break's page shows, or null when no break has this id (a non-numeric id included). */
export async function loadBreakDetail(db: Db, id: string, asOf?: string): Promise<BreakDetail | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const { rows } = await db.pool.query<DetailRow>(
    `${BREAK_SELECT.replace(/\s*FROM breaks\s*$/, ", first_seen_run_id::text, last_seen_at, created_at FROM breaks")} WHERE id = $2::bigint`,
    [asOf ?? new Date().toISOString().slice(0, 10), id],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const found = toBreak(row);
  const [processor, internal, history] = await Promise.all([
    found.processorExternalId === null
      ? null
      : loadRecord(db, "SELECT * FROM processor_transactions WHERE processor = $1 AND external_id = $2", [found.processor, found.processorExternalId]),
    found.internalExternalId === null
      ? null
      : loadRecord(db, "SELECT * FROM internal_transactions WHERE external_id = $1", [found.internalExternalId]),
    db.pool.query<{ seq: string; action: string; actor: string; at: Date; note: string | null; resolution: string | null }>(
      `SELECT seq::text, action, actor, at, details->>'note' AS note, details->>'resolution' AS resolution
         FROM audit_logs WHERE entity_type = 'break' AND entity_id = $1 ORDER BY seq`,
      [id],
    ),
  ]);
  return {
    break: { ...found, firstSeenRunId: row.first_seen_run_id, lastSeenAt: row.last_seen_at, createdAt: row.created_at },
    processorRecord: processor?.record ?? null,
    internalRecord: internal?.record ?? null,
    differences: processor && internal ? differencesOf(processor.row, internal.row) : [],
    history: history.rows,
  };
}
