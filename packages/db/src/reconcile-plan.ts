// The plan of a partitioned reconcile run: the clean pairs are settled inside Postgres, and every
// other record of the read window (the residue) is assigned to one of N partitions such that
// records that could meet in a keyed matching pass always share a partition. Child jobs then
// reconcile one partition each; the parent settles. See docs/engine.md, "Partitions".
import { randomUUID } from "node:crypto";
import { parseRunDate, type Processor } from "@recon/domain";
import type pg from "pg";
import { createCleanPairsTable, useBulkJoinSettings } from "./clean-pairs";
import type { Db } from "./client";
import { toJson } from "./json";
import { withTransaction } from "./transaction";
import type { TimeWindow } from "./time-window";

/** Per-currency figures of the pairs settled inside Postgres. */
export interface CleanCurrencyTotals {
  count: number;
  /** Sum of |gross| of the processor side, minor units. */
  volumeMinor: bigint;
}

export interface ReconcilePlan {
  id: string;
  /** The reconcile job's id (a retry finds its plan). */
  jobKey: string;
  /** The job attempt that made it (attemptsMade): a later attempt plans afresh. */
  attempt: number;
  runId: string;
  processor: Processor;
  /** YYYY-MM-DD */
  runDate: string;
  /** The day plus the grace period on each side. */
  read: TimeWindow;
  partitions: number;
  /** Records of both sides left for the engine. */
  residueCount: number;
  /** Pairs settled in Postgres: clean id matches, both sides in the day. */
  cleanCount: number;
  cleanByCurrency: Record<string, CleanCurrencyTotals>;
  /** Clean pairs that involve a record with an open break: they resolve those breaks. */
  cleanPairsWithOpenBreaks: { processorId: string; internalId: string }[];
}

/** What names the plan and the window it reads; the rest of a plan is computed. */
export interface CreatePlanInput extends Pick<
  ReconcilePlan,
  "jobKey" | "attempt" | "runId" | "processor" | "runDate" | "read"
> {
  day: TimeWindow;
  /**
   * Residue records (both sides) one partition should hold at most; the number of partitions
   * follows from it. A partition holds whole link-closed groups, so one huge group can exceed it.
   */
  maxRecordsPerPartition: number;
  /** Postgres work_mem of the planning transaction, MB. Default: the server's. */
  workMemMb?: number;
  /**
   * How the residue is found. "auto" (default): merge anti-joins along both tables' primary keys
   * when their statistics say the rows are stored in id order (they are, unless rows were
   * rewritten a lot), else hash anti-joins. "hash" / "merge" force one (tests, diagnosis).
   */
  residueJoin?: "auto" | "hash" | "merge";
}

/** Plans older than this belong to runs that were abandoned; the next plan removes them. */
const STALE_PLAN_AGE = "2 days";

// Residue: every record of the read window that is not half of a clean pair. node = id*2 for a
// processor record, id*2+1 for a ledger row, so both sides share one id space. Each carries its
// link keys, exactly as the engine's linkKeysOfProcessor and linkKeysOfLedger define them (a
// test holds the two together), computed here while the row is at hand: looking the residue up
// again later would mean another pass over both whole tables.
const RESIDUE_SQL = `
CREATE TEMP TABLE recon_nodes ON COMMIT DROP AS
SELECT t.id * 2 AS node, 'processor'::text AS side, t.id AS record_id,
       array_prepend('id:' || t.external_id, ARRAY(SELECT 'id:' || r FROM unnest(t.related_ids) AS r))
         || CASE WHEN t.reference IS NULL THEN '{}'::text[] ELSE ARRAY['ref:' || t.reference] END AS keys
  FROM processor_transactions t
 WHERE t.processor = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3
   AND NOT EXISTS (SELECT 1 FROM recon_clean c WHERE c.pk = t.id)
UNION ALL
SELECT t.id * 2 + 1, 'internal', t.id,
       ARRAY['lid:' || t.external_id]
         || CASE WHEN t.processor_ref IS NULL THEN '{}'::text[] ELSE ARRAY['id:' || t.processor_ref] END
         || CASE WHEN t.reference IS NULL THEN '{}'::text[] ELSE ARRAY['ref:' || t.reference] END
  FROM internal_transactions t
 WHERE t.processor = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3
   AND NOT EXISTS (SELECT 1 FROM recon_clean c WHERE c.lk = t.id)`;

// Only keys two residue records share can link anything, so the rest are dropped. "Two
// records" is min(node) < max(node) rather than count(DISTINCT node) > 1, which can only be
// computed by sorting every key; min and max hash. Each key keeps its smallest node (first): the
// first round of label propagation, computed while the keys are grouped anyway. A record that
// lists one key twice (a related id repeated) gives two equal rows, which change no minimum, so
// they are not removed (a DISTINCT over every row cost 2 s of 6.7 at 10M per side).
const LINK_KEYS_SQL = `
CREATE TEMP TABLE recon_keys ON COMMIT DROP AS
WITH k AS (
  SELECT n.node, unnest(n.keys) AS key FROM recon_nodes n -- a ProjectSet: no tuplestore per row
), shared AS (
  SELECT key, min(node) AS first FROM k GROUP BY key HAVING min(node) < max(node)
)
SELECT k.node, k.key, s.first FROM k JOIN shared s USING (key)`;

// Each node's label after one round of propagation: the smallest node it shares a key with
// (itself when it shares none). A group whose every node shares a key with its smallest node (a
// record and its counterparts, the usual group) is labelled whole by this alone.
const FIRST_LABELS_SQL = `
CREATE TEMP TABLE recon_labels ON COMMIT DROP AS
SELECT n.node, coalesce(f.label, n.node) AS label
  FROM recon_nodes n LEFT JOIN (SELECT node, min(first) AS label FROM recon_keys GROUP BY node) f USING (node)`;

// Whether the labels are final: they are when every key's nodes carry one label, for then each
// connected group does. Half a round (one join and one grouping, no update), so a day whose
// groups the first round closed (the usual day) pays half a round to know it, not a whole one.
const LABELS_DISAGREE_SQL = `
SELECT EXISTS (
  SELECT 1 FROM recon_keys k JOIN recon_labels l USING (node) GROUP BY k.key HAVING min(l.label) < max(l.label)
) AS disagree`;

// One more round of label propagation: each node takes the smallest label of any node it shares
// a key with. Labels only fall, so repeating until every key's nodes agree ends with one label per
// connected group (its smallest node), in as many rounds as the longest chain of links.
const PROPAGATE_SQL = `
WITH key_label AS (
  SELECT k.key, min(l.label) AS label FROM recon_keys k JOIN recon_labels l USING (node) GROUP BY k.key
), node_label AS (
  SELECT k.node, min(kl.label) AS label FROM recon_keys k JOIN key_label kl USING (key) GROUP BY k.node
)
UPDATE recon_labels l SET label = nl.label FROM node_label nl WHERE l.node = nl.node AND nl.label < l.label`;

// The clean pairs' figures per currency.
const CLEAN_TOTALS_SQL = `
SELECT currency, count(*)::text AS count, sum(volume)::text AS volume FROM recon_clean GROUP BY currency`;

// The clean pairs that involve a record with an open break: they resolve it. Open breaks are few,
// so their records are found by external id along the unique indexes, recon_clean is probed with
// those keys (two hashed IN lists rather than one EXISTS with OR, which only a nested loop can run),
// and only the pairs found get their external ids looked up, by primary key. Run with nested loops
// and without hash joins: every join here is a handful of index lookups.
const CLEAN_PAIRS_WITH_OPEN_BREAKS_SQL = `
WITH with_break AS MATERIALIZED (
  SELECT c.pk, c.lk FROM recon_clean c
   WHERE c.pk IN (SELECT t.id FROM breaks b JOIN processor_transactions t
                      ON t.processor = b.processor AND t.external_id = b.processor_external_id
                   WHERE b.processor = $1 AND b.status = 'open')
      OR c.lk IN (SELECT t.id FROM breaks b JOIN internal_transactions t ON t.external_id = b.internal_external_id
                   WHERE b.processor = $1 AND b.status = 'open')
)
SELECT p.external_id AS processor_id, l.external_id AS internal_id
  FROM with_break c JOIN processor_transactions p ON p.id = c.pk JOIN internal_transactions l ON l.id = c.lk`;

interface CleanTotalsRow {
  currency: string;
  count: string;
  volume: string;
}

/**
 * Plans a run in one REPEATABLE READ snapshot (the clean set and the residue never disagree)
 * and commits the plan, its membership and the clean pairs' figures. An earlier plan of the
 * same job is replaced.
 */
export async function createReconcilePlan(db: Db, input: CreatePlanInput): Promise<ReconcilePlan> {
  if (!Number.isInteger(input.maxRecordsPerPartition) || input.maxRecordsPerPartition < 1) {
    throw new Error(`maxRecordsPerPartition must be a positive integer, got ${input.maxRecordsPerPartition}`);
  }
  const id = randomUUID();
  const { processor, read, day } = input;
  return withTransaction(
    db.pool,
    async (client) => {
      await useBulkJoinSettings(client);
      if (input.workMemMb !== undefined) {
        if (!Number.isInteger(input.workMemMb) || input.workMemMb < 1)
          throw new Error(`workMemMb must be a positive integer, got ${input.workMemMb}`);
        await client.query(`SET LOCAL work_mem = '${input.workMemMb}MB'`);
      }
      await createCleanPairsTable(client, processor, read, day);
      await client.query("ANALYZE recon_clean");
      const totals = await client.query<CleanTotalsRow>(CLEAN_TOTALS_SQL);
      const withOpenBreaks = await cleanPairsWithOpenBreaks(client, processor);
      await findResidue(client, input.residueJoin ?? "auto", [processor, read.start, read.end]);
      const residueCount = Number(
        (await client.query<{ n: string }>("SELECT count(*)::text AS n FROM recon_nodes")).rows[0]!.n,
      );
      const partitions = Math.max(1, Math.ceil(residueCount / input.maxRecordsPerPartition));

      const cleanByCurrency: Record<string, CleanCurrencyTotals> = {};
      let cleanCount = 0;
      for (const row of totals.rows) {
        const count = Number(row.count);
        cleanCount += count;
        cleanByCurrency[row.currency.trim()] = { count, volumeMinor: BigInt(row.volume) };
      }
      const plan: ReconcilePlan = {
        id,
        jobKey: input.jobKey,
        attempt: input.attempt,
        runId: input.runId,
        processor,
        runDate: input.runDate,
        read,
        partitions,
        residueCount,
        cleanCount,
        cleanByCurrency,
        cleanPairsWithOpenBreaks: withOpenBreaks,
      };
      await client.query(
        `DELETE FROM reconcile_plans WHERE job_key = $1 OR created_at < now() - interval '${STALE_PLAN_AGE}'`,
        [input.jobKey],
      );
      await client.query(
        `INSERT INTO reconcile_plans (id, job_key, attempt, run_id, processor, run_date, read_start, read_end, partitions, residue_count, presettled)
         VALUES ($1, $2, $10, $11, $3, $4::date, $5, $6, $7, $8, $9::jsonb)`,
        [
          id,
          input.jobKey,
          processor,
          parseRunDate(input.runDate),
          read.start,
          read.end,
          partitions,
          residueCount,
          toJson(presettledJson(plan)),
          input.attempt,
          input.runId,
        ],
      );
      if (partitions === 1) {
        await client.query(
          "INSERT INTO reconcile_plan_members (plan_id, partition, side, record_ids) SELECT $1, 0, side, array_agg(record_id) FROM recon_nodes GROUP BY side",
          [id],
        );
      } else {
        await assignPartitions(client, id, partitions);
      }
      return plan;
    },
    { isolation: "repeatable read" },
  );
}

async function cleanPairsWithOpenBreaks(
  client: pg.PoolClient,
  processor: Processor,
): Promise<ReconcilePlan["cleanPairsWithOpenBreaks"]> {
  await client.query("SET LOCAL enable_nestloop = on; SET LOCAL enable_hashjoin = off");
  const { rows } = await client.query<{ processor_id: string; internal_id: string }>(CLEAN_PAIRS_WITH_OPEN_BREAKS_SQL, [
    processor,
  ]);
  await client.query("SET LOCAL enable_nestloop = off; SET LOCAL enable_hashjoin = on");
  return rows.map((r) => ({ processorId: r.processor_id, internalId: r.internal_id }));
}

// How closely a table's rows follow its id order (pg_stats.correlation, 1 = exactly) for the
// residue to be read along the primary key: below it the index scan would jump around the heap.
const ID_ORDER_CORRELATION = 0.95;

/**
 * Creates recon_nodes. Each anti-join sets nearly every row of a table against the ~all clean
 * ids; a hash of 10M ids is built and probed mostly from outside the CPU caches (13.5 s at 10M
 * per side), while merging the table, read along its primary key, with the clean ids sorted in
 * memory streams (6.1 s). The planner's cost model does not see the cache misses, so the choice is
 * made here from the tables' id-order correlation.
 */
async function findResidue(
  client: pg.PoolClient,
  join: "auto" | "hash" | "merge",
  params: unknown[],
): Promise<void> {
  const merge = join === "merge" || (join === "auto" && (await tablesStoredInIdOrder(client)));
  if (merge) await client.query("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = on");
  await client.query(RESIDUE_SQL, params);
  if (merge) await client.query("SET LOCAL enable_hashjoin = on; SET LOCAL enable_mergejoin = off");
}

/** Whether the statistics say both transaction tables are stored in id order (see ID_ORDER_CORRELATION). */
export async function tablesStoredInIdOrder(client: pg.ClientBase | pg.Pool): Promise<boolean> {
  const { rows } = await client.query<{ ordered: boolean }>(
    `SELECT count(*) = 2 AND coalesce(bool_and(correlation >= $1), false) AS ordered
       FROM pg_stats
      WHERE schemaname = current_schema() AND attname = 'id'
        AND tablename IN ('processor_transactions', 'internal_transactions')`,
    [ID_ORDER_CORRELATION],
  );
  return rows[0]?.ordered ?? false;
}

/** Groups linked residue records and spreads the groups over the partitions by hash. */
async function assignPartitions(client: pg.PoolClient, planId: string, partitions: number): Promise<void> {
  await client.query(LINK_KEYS_SQL);
  await client.query("ANALYZE recon_keys");
  await client.query(FIRST_LABELS_SQL);
  await client.query("ANALYZE recon_labels");
  while ((await client.query<{ disagree: boolean }>(LABELS_DISAGREE_SQL)).rows[0]!.disagree) {
    // each round moves labels one link further along the chains the first round left open
    await client.query(PROPAGATE_SQL);
  }
  await client.query(
    // hashint8 spreads the group labels evenly; shifting its int4 result to non-negative before mod.
    `INSERT INTO reconcile_plan_members (plan_id, partition, side, record_ids)
     SELECT $1, partition, side, array_agg(record_id)
       FROM (SELECT ((hashint8(l.label)::bigint + 2147483648) % $2)::int AS partition, n.side, n.record_id
               FROM recon_nodes n JOIN recon_labels l USING (node)) AS assigned
      GROUP BY partition, side`,
    [planId, partitions],
  );
}

interface PresettledJson {
  cleanCount: number;
  cleanByCurrency: Record<string, { count: number; volumeMinor: string }>;
  cleanPairsWithOpenBreaks: { processorId: string; internalId: string }[];
}

function presettledJson(plan: ReconcilePlan): PresettledJson {
  return {
    cleanCount: plan.cleanCount,
    cleanByCurrency: Object.fromEntries(
      Object.entries(plan.cleanByCurrency).map(([currency, t]) => [
        currency,
        { count: t.count, volumeMinor: t.volumeMinor.toString() },
      ]),
    ),
    cleanPairsWithOpenBreaks: plan.cleanPairsWithOpenBreaks,
  };
}

interface PlanRow {
  id: string;
  job_key: string;
  attempt: number;
  run_id: string;
  processor: string;
  run_date: string;
  read_start: Date;
  read_end: Date;
  partitions: number;
  residue_count: number;
  presettled: PresettledJson;
}

function planFromRow(row: PlanRow): ReconcilePlan {
  return {
    id: row.id,
    jobKey: row.job_key,
    attempt: row.attempt,
    runId: row.run_id,
    processor: row.processor as Processor,
    runDate: row.run_date,
    read: { start: row.read_start, end: row.read_end },
    partitions: row.partitions,
    residueCount: row.residue_count,
    cleanCount: row.presettled.cleanCount,
    cleanByCurrency: Object.fromEntries(
      Object.entries(row.presettled.cleanByCurrency).map(([currency, t]) => [
        currency,
        { count: t.count, volumeMinor: BigInt(t.volumeMinor) },
      ]),
    ),
    cleanPairsWithOpenBreaks: row.presettled.cleanPairsWithOpenBreaks,
  };
}

const PLAN_COLUMNS =
  "id, job_key, attempt, run_id, processor, to_char(run_date, 'YYYY-MM-DD') AS run_date, read_start, read_end, partitions, residue_count, presettled";

export async function getReconcilePlan(db: Db, planId: string): Promise<ReconcilePlan | null> {
  const { rows } = await db.pool.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM reconcile_plans WHERE id = $1`, [
    planId,
  ]);
  return rows[0] ? planFromRow(rows[0]) : null;
}

/** The latest plan of a reconcile job, if it has one. */
export async function findReconcilePlan(db: Db, jobKey: string): Promise<ReconcilePlan | null> {
  const { rows } = await db.pool.query<PlanRow>(
    `SELECT ${PLAN_COLUMNS} FROM reconcile_plans WHERE job_key = $1 ORDER BY created_at DESC LIMIT 1`,
    [jobKey],
  );
  return rows[0] ? planFromRow(rows[0]) : null;
}

export async function deleteReconcilePlan(db: Db, planId: string): Promise<void> {
  await db.pool.query("DELETE FROM reconcile_plans WHERE id = $1", [planId]);
}

/** One partition's stored result, or null when its child job has not written it. */
export async function loadPartitionResult(db: Db, planId: string, partition: number): Promise<string | null> {
  const { rows } = await db.pool.query<{ result: string }>(
    "SELECT result FROM reconcile_partition_results WHERE plan_id = $1 AND partition = $2",
    [planId, partition],
  );
  return rows[0]?.result ?? null;
}

/** Partitions of the plan without a stored result yet. */
export async function missingPartitions(
  db: Db,
  plan: Pick<ReconcilePlan, "id" | "partitions">,
): Promise<number[]> {
  const { rows } = await db.pool.query<{ partition: number }>(
    `SELECT g.partition FROM generate_series(0, $2::int - 1) AS g(partition)
      WHERE NOT EXISTS (SELECT 1 FROM reconcile_partition_results r WHERE r.plan_id = $1 AND r.partition = g.partition)
      ORDER BY 1`,
    [plan.id, plan.partitions],
  );
  return rows.map((r) => r.partition);
}
