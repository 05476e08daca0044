// The certain part of the exact-id pass, run inside Postgres: pairs no other record can touch.
// Used by the reconcile plan (reconcile-plan.ts); see docs/engine.md for the proof.
import type { Processor } from "@recon/domain";
import type pg from "pg";
import type { Db } from "./client";
import type { TimeWindow } from "./time-window";
import { withTransaction } from "./transaction";

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
WITH ids AS (
  -- every id a processor record answers to: its own and its related ids. unnest in the select
  -- list (a ProjectSet) rather than in a LATERAL join, whose function scan builds a tuplestore
  -- for every record (scanning a million records' ids: 0.9 s that way, 0.3 s this way).
  SELECT p.id AS pk, p.currency, p.gross_minor, p.fee_minor, p.status, p.occurred_at,
         unnest(array_prepend(p.external_id, p.related_ids)) AS ref
    FROM processor_transactions p
   WHERE p.processor = $1 AND p.occurred_at >= $2 AND p.occurred_at < $3
), named AS (
  -- every (ledger row, processor record) where the row names one of the record's ids, and
  -- whether the two agree on all the engine compares with both in the day. Keys and figures
  -- only: the external ids (most of a row's width) are looked up for the few pairs that need
  -- them, so the hash, the window's and the group's sorts carry half the bytes (at 10M per side
  -- those sorts spill to disk).
  SELECT l.id AS lk, k.pk, upper(k.currency) AS currency, abs(k.gross_minor) AS volume,
         (upper(k.currency) = upper(l.currency) AND k.gross_minor = l.gross_minor AND k.status = l.status
          AND (l.fee_minor IS NULL OR l.fee_minor = k.fee_minor)
          AND k.occurred_at >= $4 AND k.occurred_at < $5 AND l.occurred_at >= $4 AND l.occurred_at < $5) AS agrees
    FROM ids k JOIN internal_transactions l ON l.processor_ref = k.ref
   WHERE l.processor = $1 AND l.occurred_at >= $2 AND l.occurred_at < $3
), per_ledger AS (
  -- per ledger row: how many (row, record) pairs it is in, and whether they all agree. A window
  -- rather than a GROUP BY with array_agg: one sort, no per-row array (about a third faster at 10M).
  SELECT n.*, count(*) OVER by_lk AS on_ledger, bool_and(n.agrees) OVER by_lk AS ledger_agrees
    FROM named n WINDOW by_lk AS (PARTITION BY n.lk)
), by_record AS (
  -- per processor record: clean when exactly one ledger row names it (through one id), that row
  -- names nothing else, and they agree. The fields ride along: min() of one value is that value,
  -- and a record that is not clean never uses them.
  SELECT pk, min(lk) AS lk, min(currency) AS currency, min(volume) AS volume,
         count(*) = 1 AND bool_and(on_ledger = 1 AND ledger_agrees) AS clean
    FROM per_ledger GROUP BY pk
)
SELECT pk, lk, currency, volume FROM by_record WHERE clean`;

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

/**
 * Creates the transaction's temp table recon_clean (pk, lk, currency, volume): the processor
 * record's and the ledger row's primary keys, the upper-cased currency and |gross| in minor units.
 * The per-record step is a sort and a GroupAggregate: the planner, misled by unnest's estimate
 * of ten ids per record (there are one or two), picks a HashAggregate that spills the whole day
 * to disk in 128 batches at 10M (80.9 s against 67.8 s for the statement), so hash aggregation
 * is off for this one statement.
 */
export async function createCleanPairsTable(client: pg.ClientBase, processor: Processor, read: TimeWindow, day: TimeWindow): Promise<void> {
  await client.query("SET LOCAL enable_hashagg = off");
  await client.query(CLEAN_SQL, [processor, read.start, read.end, day.start, day.end]);
  await client.query("SET LOCAL enable_hashagg = on");
}

/** Ids of the clean pairs (tests, the benchmark's scoring, small days: it lists every pair). */
export async function listCleanPairs(
  db: Db,
  processor: Processor,
  read: TimeWindow,
  day: TimeWindow,
): Promise<{ processorId: string; internalId: string }[]> {
  return withTransaction(
    db.pool,
    async (client) => {
      await useBulkJoinSettings(client);
      await createCleanPairsTable(client, processor, read, day);
      const { rows } = await client.query<{ p_ext: string; l_ext: string }>(
        `SELECT p.external_id AS p_ext, l.external_id AS l_ext
           FROM recon_clean c JOIN processor_transactions p ON p.id = c.pk JOIN internal_transactions l ON l.id = c.lk`,
      );
      return rows.map((r) => ({ processorId: r.p_ext, internalId: r.l_ext }));
    },
    { isolation: "repeatable read" },
  );
}
