// The hybrid read path: the certain part of the exact-id pass runs inside Postgres, and only
// what it cannot settle (the residue) is streamed out to the engine. See docs/engine.md.
import type { InternalTransaction, Processor, ProcessorTransaction } from "@recon/domain";
import type { Db } from "./client";
import type { TimeWindow } from "./time-window";
import { internalTransactionFromRow, type InternalTransactionRow } from "./read-internal-transactions";
import { processorTransactionFromRow, type ProcessorTransactionRow } from "./read-processor-transactions";

/** Per-currency figures of the pairs settled inside Postgres. */
export interface CleanCurrencyTotals {
  count: number;
  /** Sum of |gross| of the processor side, minor units. */
  volumeMinor: bigint;
}

export interface Residue {
  /** Pairs settled in Postgres: clean id matches, both sides in the day. */
  cleanCount: number;
  cleanByCurrency: Record<string, CleanCurrencyTotals>;
  /** Clean pairs that involve a record with an open break: they resolve those breaks. */
  cleanPairsWithOpenBreaks: { processorId: string; internalId: string }[];
  processor: ProcessorTransaction[];
  internal: InternalTransaction[];
}

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
const CLEAN_SQL = `
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
 * Settles the clean pairs of the day inside Postgres and returns their figures plus every
 * other record of the read window (day plus grace), for the engine. One read-only snapshot:
 * the residue and the clean set never disagree.
 */
export async function readResidue(db: Db, processor: Processor, read: TimeWindow, day: TimeWindow): Promise<Residue> {
  const client = await db.pool.connect();
  let broken: Error | undefined;
  try {
    // REPEATABLE READ: every statement below sees the same snapshot.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    // Bulk joins over a whole day: hash joins are always right here, and freshly loaded tables
    // without statistics would otherwise tempt the planner into nested loops.
    await client.query("SET LOCAL enable_nestloop = off");
    await client.query("SET LOCAL enable_mergejoin = off");
    // JIT compiles these one-off statements for longer than they run.
    await client.query("SET LOCAL jit = off");
    await client.query(CLEAN_SQL, [processor, read.start, read.end, day.start, day.end]);
    await client.query("ANALYZE recon_clean");
    const totals = await client.query<{ currency: string; count: string; volume: string }>(
      "SELECT currency, count(*)::text AS count, sum(volume)::text AS volume FROM recon_clean GROUP BY currency",
    );
    const withBreaks = await client.query<{ p_ext: string; l_ext: string }>(
      // Two hashed IN lists rather than one EXISTS with OR, which only a nested loop can run.
      `SELECT c.p_ext, c.l_ext FROM recon_clean c
        WHERE c.p_ext IN (SELECT processor_external_id FROM breaks
                           WHERE processor = $1 AND status = 'open' AND processor_external_id IS NOT NULL)
           OR c.l_ext IN (SELECT internal_external_id FROM breaks
                           WHERE processor = $1 AND status = 'open' AND internal_external_id IS NOT NULL)`,
      [processor],
    );
    const p = await client.query<ProcessorTransactionRow>(
      `SELECT t.processor, t.external_id, t.related_ids, t.reference, t.merchant_id, t.gross_minor, t.fee_minor, t.net_minor, t.currency,
              t.status, t.raw_status, t.type, t.occurred_at, t.raw
         FROM processor_transactions t
        WHERE t.processor = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3
          AND NOT EXISTS (SELECT 1 FROM recon_clean c WHERE c.pk = t.id)`,
      [processor, read.start, read.end],
    );
    const l = await client.query<InternalTransactionRow>(
      `SELECT t.external_id, t.processor, t.processor_ref, t.reference, t.gross_minor, t.fee_minor, t.currency, t.status, t.occurred_at, t.raw
         FROM internal_transactions t
        WHERE t.processor = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3
          AND NOT EXISTS (SELECT 1 FROM recon_clean c WHERE c.lk = t.id)`,
      [processor, read.start, read.end],
    );
    await client.query("COMMIT");
    const cleanByCurrency: Record<string, CleanCurrencyTotals> = {};
    let cleanCount = 0;
    for (const row of totals.rows) {
      const count = Number(row.count);
      cleanCount += count;
      cleanByCurrency[row.currency.trim()] = { count, volumeMinor: BigInt(row.volume) };
    }
    return {
      cleanCount,
      cleanByCurrency,
      cleanPairsWithOpenBreaks: withBreaks.rows.map((r) => ({ processorId: r.p_ext, internalId: r.l_ext })),
      processor: p.rows.map(processorTransactionFromRow),
      internal: l.rows.map(internalTransactionFromRow),
    };
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Ids of the clean pairs (tests and small days only: it materialises every pair). */
export async function listCleanPairs(db: Db, processor: Processor, read: TimeWindow, day: TimeWindow): Promise<{ processorId: string; internalId: string }[]> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await client.query("SET LOCAL enable_nestloop = off");
    await client.query("SET LOCAL enable_mergejoin = off");
    await client.query(CLEAN_SQL, [processor, read.start, read.end, day.start, day.end]);
    const { rows } = await client.query<{ p_ext: string; l_ext: string }>("SELECT p_ext, l_ext FROM recon_clean");
    await client.query("COMMIT");
    return rows.map((r) => ({ processorId: r.p_ext, internalId: r.l_ext }));
  } finally {
    client.release();
  }
}
