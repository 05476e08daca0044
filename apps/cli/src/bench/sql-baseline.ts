import { randomUUID } from "node:crypto";
import type { Db } from "@recon/db";

/**
 * The yardstick: one hand-written statement that does the exact-id classification inside
 * Postgres (FULL OUTER JOIN on processor_ref = external_id, CASE for the kind) and inserts the
 * discrepancies, over the same tables and the same day. It knows no related ids, references,
 * tolerance, groups, duplicates or timing: it is the floor on time, not a rival on accuracy.
 * Returns the wall time in ms and the rows it inserted.
 */
export async function runSqlBaseline(db: Db, runDate: string): Promise<{ ms: number; rows: number }> {
  const runId = randomUUID();
  // A run row of its own (processor "sql-baseline") so its discrepancies never mix with ours.
  await db.pool.query(
    `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, created_by) VALUES ($1, $2::date, 'sql-baseline', 'running', 'bench')`,
    [runId, runDate],
  );
  const started = performance.now();
  const result = await db.pool.query(
    `INSERT INTO discrepancies (run_id, kind, processor_external_id, internal_external_id, currency,
                                processor_amount_minor, internal_amount_minor, amount_at_risk_minor, reason)
     SELECT $1::uuid, kind, p_id, i_id, currency, p_gross, i_gross, at_risk, kind
       FROM (
         SELECT CASE
                  WHEN i.external_id IS NULL THEN 'missing_in_internal'
                  WHEN p.external_id IS NULL THEN 'missing_in_processor'
                  WHEN p.currency <> i.currency THEN 'currency_mismatch'
                  WHEN p.gross_minor <> i.gross_minor THEN 'amount_mismatch'
                  WHEN p.status <> i.status THEN 'status_mismatch'
                  WHEN i.fee_minor IS NOT NULL AND i.fee_minor <> p.fee_minor THEN 'fee_mismatch'
                END AS kind,
                p.external_id AS p_id, i.external_id AS i_id, COALESCE(p.currency, i.currency) AS currency,
                p.gross_minor AS p_gross, i.gross_minor AS i_gross,
                abs(COALESCE(p.gross_minor, 0) - COALESCE(i.gross_minor, 0)) AS at_risk
           FROM (SELECT * FROM processor_transactions
                  WHERE processor = 'stripe' AND occurred_at >= $2::date AND occurred_at < $2::date + 1) p
           FULL OUTER JOIN (SELECT * FROM internal_transactions
                  WHERE processor = 'stripe' AND occurred_at >= $2::date AND occurred_at < $2::date + 1) i
             ON i.processor_ref = p.external_id
       ) c
      WHERE kind IS NOT NULL`,
    [runId, runDate],
  );
  return { ms: performance.now() - started, rows: result.rowCount ?? 0 };
}

/**
 * The same FULL OUTER JOIN + CASE, counted instead of inserted: the floor of the join itself,
 * without the cost of writing its (on this data, mostly spurious) rows.
 */
export async function runSqlJoinOnly(db: Db, runDate: string): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const { rows } = await db.pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM (
       SELECT CASE
                WHEN i.external_id IS NULL THEN 'missing_in_internal'
                WHEN p.external_id IS NULL THEN 'missing_in_processor'
                WHEN p.currency <> i.currency THEN 'currency_mismatch'
                WHEN p.gross_minor <> i.gross_minor THEN 'amount_mismatch'
                WHEN p.status <> i.status THEN 'status_mismatch'
                WHEN i.fee_minor IS NOT NULL AND i.fee_minor <> p.fee_minor THEN 'fee_mismatch'
              END AS kind
         FROM (SELECT * FROM processor_transactions
                WHERE processor = 'stripe' AND occurred_at >= $1::date AND occurred_at < $1::date + 1) p
         FULL OUTER JOIN (SELECT * FROM internal_transactions
                WHERE processor = 'stripe' AND occurred_at >= $1::date AND occurred_at < $1::date + 1) i
           ON i.processor_ref = p.external_id) c
      WHERE kind IS NOT NULL`,
    [runDate],
  );
  return { ms: performance.now() - started, rows: Number(rows[0]?.n ?? 0) };
}

/**
 * A fairer single statement: the ledger's processor_ref joined against ANY id of the processor
 * record (its own and its related ids, as the engine's id passes do), FULL OUTER, CASE, insert.
 * Still no references, tolerance, groups, duplicates or timing.
 */
export async function runSqlAnyIdStatement(db: Db, runDate: string): Promise<{ ms: number; rows: number }> {
  const runId = randomUUID();
  await db.pool.query(
    `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, created_by) VALUES ($1, $2::date, 'sql-any-id', 'running', 'bench')`,
    [runId, runDate],
  );
  const started = performance.now();
  const result = await db.pool.query(
    `INSERT INTO discrepancies (run_id, kind, processor_external_id, internal_external_id, currency,
                                processor_amount_minor, internal_amount_minor, amount_at_risk_minor, reason)
     SELECT $1::uuid, kind, p_id, i_id, currency, p_gross, i_gross, at_risk, kind
       FROM (
         WITH p AS (SELECT * FROM processor_transactions
                     WHERE processor = 'stripe' AND occurred_at >= $2::date AND occurred_at < $2::date + 1),
              l AS (SELECT * FROM internal_transactions
                     WHERE processor = 'stripe' AND occurred_at >= $2::date AND occurred_at < $2::date + 1),
              link AS (SELECT DISTINCT ON (l.id) l.id AS lk, p.id AS pk
                         FROM p CROSS JOIN LATERAL unnest(array_prepend(p.external_id, p.related_ids)) AS k(ref)
                         JOIN l ON l.processor_ref = k.ref
                        ORDER BY l.id, p.id)
         SELECT CASE
                  WHEN li.external_id IS NULL THEN 'missing_in_internal'
                  WHEN p.external_id IS NULL THEN 'missing_in_processor'
                  WHEN p.currency <> li.currency THEN 'currency_mismatch'
                  WHEN p.gross_minor <> li.gross_minor THEN 'amount_mismatch'
                  WHEN p.status <> li.status THEN 'status_mismatch'
                  WHEN li.fee_minor IS NOT NULL AND li.fee_minor <> p.fee_minor THEN 'fee_mismatch'
                END AS kind,
                p.external_id AS p_id, li.external_id AS i_id, COALESCE(p.currency, li.currency) AS currency,
                p.gross_minor AS p_gross, li.gross_minor AS i_gross,
                abs(COALESCE(p.gross_minor, 0) - COALESCE(li.gross_minor, 0)) AS at_risk
           FROM p
           FULL OUTER JOIN (SELECT l.*, link.pk FROM l LEFT JOIN link ON link.lk = l.id) li ON li.pk = p.id
       ) c
      WHERE kind IS NOT NULL`,
    [runId, runDate],
  );
  return { ms: performance.now() - started, rows: result.rowCount ?? 0 };
}
