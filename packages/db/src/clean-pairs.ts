// The certain part of the exact-id pass, run inside Postgres: pairs no other record can touch.
// Used by the reconcile plan (reconcile-plan.ts); see docs/engine.md for the proof.
import type { Processor } from "@recon/domain";
import type pg from "pg";
import type { Db } from "./client";
import type { TimeWindow } from "./time-window";

/**
 * A pair is "clean" when the engine's id passes would certainly pair it and compare it equal,
 * whatever else is in the day, so leaving it out of the engine's input cannot change any other
 * outcome (the proof is in docs/engine.md; a test checks both paths give identical results):
 *  - the ledger row names one of the processor record's ids (its own or a related id);
 *  - that id names no other processor record in the read window;
 *  - no other ledger row in the read window names any id of that processor record;
 *  - currency (case-insensitively), gross and status agree, and the ledger fee is null or equal;
 *  - both records fall inside the day (not the grace period).
 */
export const CLEAN_SQL = `
CREATE TEMP TABLE recon_clean ON COMMIT DROP AS
WITH p AS MATERIALIZED (
  SELECT id, external_id, related_ids, currency, gross_minor, fee_minor, status, occurred_at
    FROM processor_transactions
   WHERE processor = $1 AND occurred_at >= $2 AND occurred_at < $3
), pid AS MATERIALIZED (
  -- every id of every processor record: its own and its related ids
  SELECT p.id AS pk, k.ref FROM p CROSS JOIN LATERAL unnest(array_prepend(p.external_id, p.related_ids)) AS k(ref)
), l AS MATERIALIZED (
  SELECT id, external_id, processor_ref, currency, gross_minor, fee_minor, status, occurred_at
    FROM internal_transactions
   WHERE processor = $1 AND occurred_at >= $2 AND occurred_at < $3 AND processor_ref IS NOT NULL
), one_ledger_row AS (
  -- processor records named by exactly one ledger row (through any of their ids)
  SELECT pid.pk, min(pid.ref) AS ref, min(l.id) AS lk
    FROM pid JOIN l ON l.processor_ref = pid.ref
   GROUP BY pid.pk HAVING count(*) = 1
), ref_of_one_record AS (
  -- ids that name exactly one processor record
  SELECT ref FROM pid GROUP BY ref HAVING count(*) = 1
)
SELECT p.id AS pk, l.id AS lk, p.external_id AS p_ext, l.external_id AS l_ext, upper(p.currency) AS currency,
       abs(p.gross_minor) AS volume
  FROM one_ledger_row o
  JOIN ref_of_one_record r ON r.ref = o.ref
  JOIN p ON p.id = o.pk
  JOIN l ON l.id = o.lk
 WHERE upper(p.currency) = upper(l.currency) AND p.gross_minor = l.gross_minor AND p.status = l.status
   AND (l.fee_minor IS NULL OR l.fee_minor = p.fee_minor)
   AND p.occurred_at >= $4 AND p.occurred_at < $5 AND l.occurred_at >= $4 AND l.occurred_at < $5`;

/**
 * Session settings for the bulk joins of a plan, local to the current transaction. Hash joins are
 * always right over a whole day, and freshly loaded tables without statistics would otherwise
 * tempt the planner into nested loops; JIT compiles these one-off statements for longer than
 * they run.
 */
export async function useBulkJoinSettings(client: pg.ClientBase): Promise<void> {
  await client.query("SET LOCAL enable_nestloop = off");
  await client.query("SET LOCAL enable_mergejoin = off");
  await client.query("SET LOCAL jit = off");
}

/** Ids of the clean pairs (tests, the benchmark's scoring, small days: it lists every pair). */
export async function listCleanPairs(
  db: Db,
  processor: Processor,
  read: TimeWindow,
  day: TimeWindow,
): Promise<{ processorId: string; internalId: string }[]> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await useBulkJoinSettings(client);
    await client.query(CLEAN_SQL, [processor, read.start, read.end, day.start, day.end]);
    const { rows } = await client.query<{ p_ext: string; l_ext: string }>("SELECT p_ext, l_ext FROM recon_clean");
    await client.query("COMMIT");
    return rows.map((r) => ({ processorId: r.p_ext, internalId: r.l_ext }));
  } finally {
    client.release();
  }
}
