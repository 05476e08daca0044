// The breaks store: discrepancies that outlive their run. A run refreshes the breaks of its own
// day, resolves breaks of other days whose counterpart it found, and marks breaks its day no
// longer reports (after a re-run) as superseded; operators resolve and reopen with a note.
// Every change writes an audit entry in the same transaction.
import { formatMoney, parseRunDate, type Processor } from "@recon/domain";
import { appendAudits } from "./audit-log";
import type { Db } from "./client";
import { withTransaction, type Queryable } from "./transaction";

const BREAK = "break";
/** Kinds resolved automatically when a later run finds the missing counterpart. */
const ONE_SIDED_KINDS = ["missing_in_internal", "missing_in_processor"];

export type BreakStatus = "open" | "resolved";

export interface BreakRow {
  id: string;
  processor: string;
  kind: string;
  processorExternalId: string | null;
  internalExternalId: string | null;
  currency: string;
  amountAtRiskMinor: bigint;
  reason: string;
  status: BreakStatus;
  /** YYYY-MM-DD */
  firstSeenRunDate: string;
  /** YYYY-MM-DD */
  lastSeenRunDate: string;
  resolution: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  note: string | null;
  /** Whole days from the first run date that saw it to `asOf` (list) or today. */
  ageDays: number;
}

export interface SyncBreaksInput {
  runId: string;
  processor: Processor;
  /** YYYY-MM-DD */
  runDate: string;
  /** Ids of records this run found in a two-sided outcome (matched, grouped or a pair discrepancy). */
  pairedProcessorIds: readonly string[];
  pairedInternalIds: readonly string[];
  /** A reconcile plan whose partitions staged more paired ids (reconcile_staged_paired_ids). */
  stagedPlanId?: string;
}

export interface SyncBreaksResult {
  opened: number;
  /** Breaks reported again with a different amount at risk, reason or last day seen. */
  updated: number;
  autoResolved: number;
  superseded: number;
}

// A run's break changes are recorded in this transaction's temp table as they are made, and
// their audit entries appended from it in one statement at the end (audit entries go last, see
// audit-log.ts): the changes never travel through the process, whose memory would otherwise grow
// with them (a day of 10,000,000 records per side opens 220,000 breaks). `n` is the entries' order.
const CREATE_CHANGES = `
CREATE TEMP TABLE recon_break_changes (n bigserial, action text NOT NULL, entity_id text NOT NULL, details jsonb NOT NULL)`;

// The run's discrepancies, as stored in this transaction, are the breaks it reports. The break
// key (kind|processor id|ledger id) is a break's identity across runs; a key reported twice in a
// run is one break (the first row wins). Records the breaks it opened, and those it changed
// (amount, reason or last day seen) with their previous values: opened first, then updated,
// each in id order.
const UPSERT = `
WITH input AS (
  SELECT DISTINCT ON (break_key) *
    FROM (SELECT d.kind || '|' || coalesce(d.processor_external_id, '') || '|' || coalesce(d.internal_external_id, '') AS break_key,
                 d.kind, d.processor_external_id, d.internal_external_id, d.currency, d.amount_at_risk_minor, d.reason, d.id
            FROM discrepancies d WHERE d.run_id = $3::uuid) AS reported
   ORDER BY break_key, id
), upserted AS (
  INSERT INTO breaks (processor, break_key, kind, processor_external_id, internal_external_id, currency,
                      amount_at_risk_minor, reason, first_seen_run_date, first_seen_run_id, last_seen_run_date)
  SELECT $1, break_key, kind, processor_external_id, internal_external_id, currency, amount_at_risk_minor, reason,
         $2::date, $3::uuid, $2::date
    FROM input
  ON CONFLICT (processor, break_key) DO UPDATE SET
    amount_at_risk_minor = EXCLUDED.amount_at_risk_minor, reason = EXCLUDED.reason,
    last_seen_run_date = GREATEST(breaks.last_seen_run_date, EXCLUDED.last_seen_run_date),
    last_seen_at = now(), updated_at = now()
  RETURNING id, break_key, (xmax = 0) AS inserted, amount_at_risk_minor, reason, last_seen_run_date
)
INSERT INTO recon_break_changes (action, entity_id, details)
SELECT CASE WHEN u.inserted THEN 'break.opened' ELSE 'break.updated' END, u.id::text,
       CASE WHEN u.inserted THEN '{}'::jsonb ELSE jsonb_build_object(
         'amountAtRiskMinor', u.amount_at_risk_minor::text, 'previousAmountAtRiskMinor', p.amount_at_risk_minor::text,
         'reason', u.reason, 'previousReason', p.reason,
         'lastSeenRunDate', to_char(u.last_seen_run_date, 'YYYY-MM-DD'),
         'previousLastSeenRunDate', to_char(p.last_seen_run_date, 'YYYY-MM-DD')) END
  -- The statement's snapshot does not see the upsert's own changes: p is the break as it was.
  -- (Joined by key, not through a CTE of the run's breaks: planned from statistics that call the
  -- day small, that CTE was scanned again for every break, over 14 minutes for 220,000 of them.)
  FROM upserted u LEFT JOIN breaks p ON p.processor = $1 AND p.break_key = u.break_key
 WHERE u.inserted OR u.amount_at_risk_minor <> p.amount_at_risk_minor OR u.reason <> p.reason
    OR u.last_seen_run_date <> p.last_seen_run_date
 ORDER BY NOT u.inserted, u.id`;

/**
 * Resolves breaks with `update` (an UPDATE ... RETURNING id) and records each as resolved, in id
 * order, with the resolution named.
 */
function recordResolved(update: string, resolution: "auto" | "superseded"): string {
  return `
WITH resolved AS (${update})
INSERT INTO recon_break_changes (action, entity_id, details)
SELECT 'break.resolved', id::text, jsonb_build_object('resolution', '${resolution}') FROM resolved ORDER BY id`;
}

/**
 * Resolves the open one-sided breaks of other days whose record this run paired; `paired` is the
 * SQL condition that finds the paired ids ($3, and $4 when they are passed as lists).
 */
function autoResolve(paired: string): string {
  return recordResolved(
    `UPDATE breaks SET status = 'resolved', resolution = 'auto', resolved_at = now(), resolved_by = 'system',
       note = 'counterpart found by the run of ' || $2::text, updated_at = now()
 WHERE processor = $1 AND status = 'open' AND first_seen_run_date <> $2::date
   AND kind IN (${ONE_SIDED_KINDS.map((k) => `'${k}'`).join(", ")})
   AND (${paired})
RETURNING id`,
    "auto",
  );
}

const AUTO_RESOLVE_LISTED = autoResolve(
  "processor_external_id = ANY($3::text[]) OR internal_external_id = ANY($4::text[])",
);
const AUTO_RESOLVE_STAGED = autoResolve(
  `processor_external_id IN (SELECT unnest(external_ids) FROM reconcile_staged_paired_ids WHERE plan_id = $3::uuid AND side = 'processor')
   OR internal_external_id IN (SELECT unnest(external_ids) FROM reconcile_staged_paired_ids WHERE plan_id = $3::uuid AND side = 'internal')`,
);

// A re-run of the day that no longer reports a break of that day: the earlier finding is gone.
const SUPERSEDE = recordResolved(
  `UPDATE breaks SET status = 'resolved', resolution = 'superseded', resolved_at = now(), resolved_by = 'system',
       note = 'no longer reported by a re-run of ' || $2::text, updated_at = now()
 WHERE processor = $1 AND status = 'open' AND first_seen_run_date = $2::date
   -- Both sides rounded to the column's precision: rows this transaction touched compare equal.
   AND last_seen_at < now()::timestamptz(3)
RETURNING id`,
  "superseded",
);

// Every recorded change's audit entry, in the order recorded, each naming the run; returns how
// many of each kind it appended.
const APPEND_CHANGE_AUDITS = `
WITH appended AS (
  INSERT INTO audit_logs (action, entity_type, entity_id, actor, details)
  SELECT action, '${BREAK}', entity_id, 'system', details || jsonb_build_object('runId', $1::text, 'runDate', $2::text)
    FROM recon_break_changes ORDER BY n
  RETURNING action, details->>'resolution' AS resolution
)
SELECT count(*) FILTER (WHERE action = 'break.opened')::int AS opened,
       count(*) FILTER (WHERE action = 'break.updated')::int AS updated,
       count(*) FILTER (WHERE resolution = 'auto')::int AS auto_resolved,
       count(*) FILTER (WHERE resolution = 'superseded')::int AS superseded
  FROM appended`;

/**
 * Brings the breaks up to date with a run's results. Call inside the transaction that stores
 * the run, after its discrepancies are stored (completeRun does both), so breaks and results
 * never disagree. Set-based throughout. Every break it opens, changes or resolves gets an audit
 * entry, written after all the breaks changed (audit-log.ts: entries last).
 */
export async function syncBreaks(tx: Queryable, input: SyncBreaksInput): Promise<SyncBreaksResult> {
  const runDate = parseRunDate(input.runDate);
  await tx.query(CREATE_CHANGES);
  await tx.query(UPSERT, [input.processor, runDate, input.runId]);
  if (input.stagedPlanId !== undefined) {
    await tx.query(AUTO_RESOLVE_STAGED, [input.processor, runDate, input.stagedPlanId]);
  }
  const step = 50_000;
  const { pairedProcessorIds: pids, pairedInternalIds: iids } = input;
  for (let i = 0; i < Math.max(pids.length, iids.length); i += step) {
    await tx.query(AUTO_RESOLVE_LISTED, [input.processor, runDate, pids.slice(i, i + step), iids.slice(i, i + step)]);
  }
  await tx.query(SUPERSEDE, [input.processor, runDate]);
  const counts = (
    await tx.query<{ opened: number; updated: number; auto_resolved: number; superseded: number }>(
      APPEND_CHANGE_AUDITS,
      [input.runId, runDate],
    )
  ).rows[0]!;
  await tx.query("DROP TABLE recon_break_changes");
  return {
    opened: counts.opened,
    updated: counts.updated,
    autoResolved: counts.auto_resolved,
    superseded: counts.superseded,
  };
}

export interface BreakDbRow {
  id: string;
  processor: string;
  kind: string;
  processor_external_id: string | null;
  internal_external_id: string | null;
  currency: string;
  amount_at_risk_minor: string;
  reason: string;
  status: BreakStatus;
  first_seen_run_date: string;
  last_seen_run_date: string;
  resolution: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  note: string | null;
  age_days: number;
}

/** Every break column; $1 is the day ages are measured to. */
export const BREAK_SELECT = `
SELECT id::text, processor, kind, processor_external_id, internal_external_id, currency, amount_at_risk_minor::text,
       reason, status, to_char(first_seen_run_date, 'YYYY-MM-DD') AS first_seen_run_date,
       to_char(last_seen_run_date, 'YYYY-MM-DD') AS last_seen_run_date, resolution, resolved_at, resolved_by, note,
       ($1::date - first_seen_run_date)::int AS age_days
  FROM breaks`;

export function toBreak(row: BreakDbRow): BreakRow {
  return {
    id: row.id,
    processor: row.processor,
    kind: row.kind,
    processorExternalId: row.processor_external_id,
    internalExternalId: row.internal_external_id,
    currency: row.currency.trim(),
    amountAtRiskMinor: BigInt(row.amount_at_risk_minor),
    reason: row.reason,
    status: row.status,
    firstSeenRunDate: row.first_seen_run_date,
    lastSeenRunDate: row.last_seen_run_date,
    resolution: row.resolution,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    note: row.note,
    ageDays: row.age_days,
  };
}

export interface ListBreaksFilter {
  processor?: Processor;
  /** Default "open". */
  status?: BreakStatus | "all";
  kind?: string;
  /** YYYY-MM-DD the age is measured to. Default: today (UTC). */
  asOf?: string;
  /** Default 500. */
  limit?: number;
}

/** The WHERE clause of listBreaks and countBreaks, its parameters from `$${first}` on (filterParams). */
function filterClause(first: number): string {
  const [processor, status, kind] = [first, first + 1, first + 2].map((n) => `$${n}`);
  return `WHERE (${processor}::text IS NULL OR processor = ${processor}) AND (${status}::text = 'all' OR status = ${status}) AND (${kind}::text IS NULL OR kind = ${kind})`;
}

function filterParams(filter: ListBreaksFilter): [string | null, string, string | null] {
  return [filter.processor ?? null, filter.status ?? "open", filter.kind ?? null];
}

/** Breaks matching the filter, oldest first (the ones most in need of attention). */
export async function listBreaks(db: Db, filter: ListBreaksFilter = {}): Promise<BreakRow[]> {
  const asOf = filter.asOf === undefined ? todayUtc() : parseRunDate(filter.asOf);
  const { rows } = await db.pool.query<BreakDbRow>(
    `${BREAK_SELECT} ${filterClause(2)} ORDER BY first_seen_run_date, id LIMIT $5`,
    [asOf, ...filterParams(filter), filter.limit ?? 500],
  );
  return rows.map(toBreak);
}

/** How many breaks match the filter, whatever its limit (to say how many a limited list left out). */
export async function countBreaks(
  db: Db,
  filter: Omit<ListBreaksFilter, "asOf" | "limit"> = {},
): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM breaks ${filterClause(1)}`,
    filterParams(filter),
  );
  return Number(rows[0]!.n);
}

export async function getBreak(db: Db, id: string): Promise<BreakRow | null> {
  const { rows } = await db.pool.query<BreakDbRow>(`${BREAK_SELECT} WHERE id = $2::bigint`, [todayUtc(), id]);
  return rows[0] === undefined ? null : toBreak(rows[0]);
}

export interface BreakChange {
  id: string;
  /** Why: required, shown in the audit log and the break. */
  note: string;
  /** Who: "cli:alice". */
  actor: string;
}

export interface BreaksChange {
  ids: readonly string[];
  /** Why: required, the same note for every break, shown in the audit log and on each break. */
  note: string;
  /** Who: "cli:alice", "web:alice@example.com". */
  actor: string;
}

/** A state change refused before anything changed; `ids` are the breaks that made it fail. */
export class BreakChangeError extends Error {
  constructor(
    message: string,
    readonly ids: readonly string[],
  ) {
    super(message);
    this.name = "BreakChangeError";
  }
}

const SET_RESOLVED = `UPDATE breaks SET status = 'resolved', resolution = 'manual', resolved_at = now(), resolved_by = $2, note = $3, updated_at = now() WHERE id = ANY($1::bigint[])`;
const SET_OPEN = `UPDATE breaks SET status = 'open', resolution = NULL, resolved_at = NULL, resolved_by = NULL, note = $3, updated_at = now() WHERE id = ANY($1::bigint[]) AND $2::text IS NOT NULL`;

/**
 * The one code path for an operator's state change (CLI and dashboard, one break or many): in
 * one transaction, locks the breaks in id order (two bulk changes over overlapping sets cannot
 * deadlock), checks every one exists and is in the state the change starts from, then updates
 * them all and appends one audit entry per break, in id order. Any offending id refuses the
 * whole change, naming every offending id; nothing changes.
 */
async function changeStatuses(db: Db, change: BreaksChange, to: BreakStatus): Promise<BreakRow[]> {
  const ids = [...new Set(change.ids)];
  if (ids.length === 0) throw new BreakChangeError("no break chosen: pick at least one", []);
  const notNumbers = ids.filter((id) => !/^\d+$/.test(id));
  if (notNumbers.length > 0) {
    throw new BreakChangeError(
      notNumbers.map((id) => `break id "${id}" is not a number`).join("; "),
      notNumbers,
    );
  }
  if (change.note.trim() === "")
    throw new BreakChangeError("a note is required: say why the break changes state", []);
  ids.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  const from: BreakStatus = to === "resolved" ? "open" : "resolved";
  await withTransaction(db.pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; status: string }>(
      "SELECT id::text, status FROM breaks WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
      [ids],
    );
    const status = new Map(rows.map((row) => [row.id, row.status]));
    const problems: string[] = [];
    const offending: string[] = [];
    for (const id of ids) {
      const current = status.get(id);
      if (current === undefined) problems.push(`break ${id} not found`);
      else if (current !== from) problems.push(`break ${id} is already ${current}`);
      else continue;
      offending.push(id);
    }
    if (problems.length > 0) throw new BreakChangeError(problems.join("; "), offending);
    await tx.query(to === "resolved" ? SET_RESOLVED : SET_OPEN, [ids, change.actor, change.note]);
    await appendAudits(
      tx,
      ids.map((id) => ({
        action: to === "resolved" ? "break.resolved" : "break.reopened",
        entityType: BREAK,
        entityId: id,
        actor: change.actor,
        details: { note: change.note, resolution: to === "resolved" ? "manual" : null },
      })),
    );
  });
  const { rows } = await db.pool.query<BreakDbRow>(
    `${BREAK_SELECT} WHERE id = ANY($2::bigint[]) ORDER BY id`,
    [todayUtc(), ids],
  );
  return rows.map(toBreak);
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

async function single(changed: Promise<BreakRow[]>, id: string): Promise<BreakRow> {
  const [updated] = await changed;
  if (updated === undefined) throw new Error(`break ${id} not found`);
  return updated;
}

/**
 * Marks open breaks resolved by an operator, all with the same note (audited, one entry each).
 * All or nothing: a missing or already resolved id refuses the lot (BreakChangeError).
 */
export function resolveBreaks(db: Db, change: BreaksChange): Promise<BreakRow[]> {
  return changeStatuses(db, change, "resolved");
}

/** Marks an open break resolved by an operator, with their note (audited): resolveBreaks of one. */
export function resolveBreak(db: Db, change: BreakChange): Promise<BreakRow> {
  return single(resolveBreaks(db, { ids: [change.id], note: change.note, actor: change.actor }), change.id);
}

/** Reopens a resolved break, with a note (audited). */
export function reopenBreak(db: Db, change: BreakChange): Promise<BreakRow> {
  return single(
    changeStatuses(db, { ids: [change.id], note: change.note, actor: change.actor }, "open"),
    change.id,
  );
}

/** The money at stake of a break in major units with its currency ("12.50 USD"). */
export function formatAmountForBreak(b: Pick<BreakRow, "amountAtRiskMinor" | "currency">): string {
  return formatMoney(b.amountAtRiskMinor, b.currency);
}
