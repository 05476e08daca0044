// The plan's partitions must be link-closed by the engine's own definition of link keys, or a
// partitioned run could differ from a whole one. The SQL computes the keys itself; this holds
// the two definitions together on a generated day with every kind of break.
import {
  copyInternalTransactions,
  copyProcessorTransactions,
  createDb,
  deleteReconcilePlan,
  createReconcilePlan,
  listCleanPairs,
  streamPartitionInternalTransactions,
  streamPartitionProcessorTransactions,
  tablesStoredInIdOrder,
  type Db,
} from "@recon/db";
import { dayWindow } from "@recon/domain";
import { linkKeysOfLedger, linkKeysOfProcessor } from "@recon/engine";
import { createTestDatabase, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateTruthDay,
  storableTruthDay,
  type TruthDay,
} from "../../../packages/sandbox/src/truth-day/index";
import { planDay, readWindowOf } from "./reconcile-day";
import { DEFAULT_RECONCILE_SETTINGS } from "./reconcile-settings";

let database: TestDatabase;
let db: Db;
let day: TruthDay;

beforeAll(async () => {
  database = await createTestDatabase({ name: "recon_plan" });
  db = createDb(database.url);
  day = storableTruthDay(generateTruthDay({ size: 3_000, seed: 42 }));
  await copyProcessorTransactions(db, day.processor);
  await copyInternalTransactions(db, day.internal);
});

afterAll(async () => {
  await db.close();
  await database.drop();
});

describe("reconcile plan", () => {
  it("puts every residue record in exactly one partition, and records sharing a link key in the same one", async () => {
    const settings = { ...DEFAULT_RECONCILE_SETTINGS, maxRecordsPerPartition: 40 };
    const runId = "00000000-0000-0000-0000-000000000001";
    const plan = await planDay(db, {
      jobKey: "plan-test",
      attempt: 0,
      runId,
      processor: "stripe",
      runDate: day.runDate,
      settings,
    });
    expect(plan.partitions).toBe(Math.ceil(plan.residueCount / 40));

    const partitionOfKey = new Map<string, number>();
    const seenProcessor = new Set<string>();
    const seenLedger = new Set<string>();
    const partitionSizes: number[] = [];
    for (let partition = 0; partition < plan.partitions; partition++) {
      let size = 0;
      const claim = (key: string) => {
        const owner = partitionOfKey.get(key);
        if (owner !== undefined && owner !== partition)
          throw new Error(`link key ${key} is in partitions ${owner} and ${partition}`);
        partitionOfKey.set(key, partition);
      };
      for await (const p of streamPartitionProcessorTransactions(db, plan.id, partition)) {
        expect(seenProcessor.has(p.externalId)).toBe(false);
        seenProcessor.add(p.externalId);
        linkKeysOfProcessor(p).forEach(claim);
        size++;
      }
      for await (const l of streamPartitionInternalTransactions(db, plan.id, partition)) {
        expect(seenLedger.has(l.externalId)).toBe(false);
        seenLedger.add(l.externalId);
        linkKeysOfLedger(l).forEach(claim);
        size++;
      }
      partitionSizes.push(size);
    }
    expect(seenProcessor.size + seenLedger.size).toBe(plan.residueCount);
    // Groups are small here, so hashing spreads them: no partition is empty, none holds most.
    expect(Math.min(...partitionSizes)).toBeGreaterThan(0);
    expect(Math.max(...partitionSizes)).toBeLessThan(plan.residueCount / 2);

    // Residue plus clean pairs is the whole read window, each record once.
    const read = readWindowOf(day.runDate, settings.graceMs);
    const clean = await listCleanPairs(db, "stripe", read, dayWindow(day.runDate));
    expect(plan.cleanCount).toBe(clean.length);
    for (const pair of clean) {
      expect(seenProcessor.has(pair.processorId)).toBe(false);
      expect(seenLedger.has(pair.internalId)).toBe(false);
    }
    const inRead = (at: Date) => at >= read.start && at < read.end;
    expect(seenProcessor.size + clean.length).toBe(day.processor.filter((p) => inRead(p.occurredAt)).length);
    expect(seenLedger.size + clean.length).toBe(day.internal.filter((l) => inRead(l.occurredAt)).length);
    await deleteReconcilePlan(db, plan.id);
  });

  it("keeps a long chain of links in one partition, however its records are numbered", async () => {
    // P1 -ref:r1- L1 -id:p2- P2 -ref:r2- L2 -id:p3- P3 -ref:r3- L3 …: each ledger row shares its
    // reference with one processor record and names the next one (at another amount, so no pair
    // is clean). Inserted in chain order, the smallest node is at one end, six links from the
    // other: one round of propagation cannot close it, so this holds the rounds after the first.
    const runDate = "2026-03-02";
    const at = new Date("2026-03-02T12:00:00Z");
    const links = 6;
    const processor = Array.from({ length: links }, (_, i) => ({
      ...day.processor[0]!,
      externalId: `chain_p${i}`,
      relatedIds: [],
      reference: `chain_r${i}`,
      occurredAt: at,
    }));
    const ledger = Array.from({ length: links }, (_, i) => ({
      ...day.internal[0]!,
      externalId: `chain_l${i}`,
      processorRef: `chain_p${i + 1}`,
      reference: `chain_r${i}`,
      grossMinor: processor[0]!.grossMinor + 1n,
      occurredAt: at,
    }));
    for (let i = 0; i < links; i++) {
      await copyProcessorTransactions(db, [processor[i]!]);
      await copyInternalTransactions(db, [ledger[i]!]);
    }
    // Singletons beside the chain, so there are partitions for it to be split across.
    const loners = Array.from({ length: 40 }, (_, i) => ({ ...processor[0]!, externalId: `loner_${i}`, reference: null }));
    await copyProcessorTransactions(db, loners);
    const plan = await createReconcilePlan(db, {
      jobKey: "chain",
      attempt: 0,
      runId: "00000000-0000-0000-0000-000000000003",
      processor: "stripe",
      runDate,
      read: readWindowOf(runDate, DEFAULT_RECONCILE_SETTINGS.graceMs),
      day: dayWindow(runDate),
      maxRecordsPerPartition: 4,
    });
    expect(plan.residueCount).toBe(2 * links + loners.length);
    const { rows } = await db.pool.query<{ partition: number }>(
      `SELECT DISTINCT m.partition FROM reconcile_plan_members m, unnest(m.record_ids) AS record_id
        WHERE m.plan_id = $1 AND ((m.side = 'processor' AND record_id IN (SELECT id FROM processor_transactions WHERE external_id LIKE 'chain_%'))
                               OR (m.side = 'internal' AND record_id IN (SELECT id FROM internal_transactions WHERE external_id LIKE 'chain_%')))`,
      [plan.id],
    );
    expect(rows).toHaveLength(1);
    await deleteReconcilePlan(db, plan.id);
  });

  it("a later plan of the same job replaces the earlier one", async () => {
    const input = {
      jobKey: "replan",
      attempt: 0,
      runId: "00000000-0000-0000-0000-000000000002",
      processor: "stripe" as const,
      runDate: day.runDate,
      settings: DEFAULT_RECONCILE_SETTINGS,
    };
    const first = await planDay(db, input);
    const second = await planDay(db, { ...input, attempt: 1 });
    const { rows } = await db.pool.query<{ id: string; members: string }>(
      "SELECT p.id, (SELECT sum(cardinality(m.record_ids)) FROM reconcile_plan_members m WHERE m.plan_id = p.id)::text AS members FROM reconcile_plans p WHERE job_key = 'replan'",
    );
    expect(rows).toEqual([{ id: second.id, members: String(second.residueCount) }]);
    expect(first.id).not.toBe(second.id);
    await deleteReconcilePlan(db, second.id);
  });

  it("finds the same residue, in the same partitions, by hash or by merge anti-joins", async () => {
    // Loaded by COPY, the rows are stored in id order: once analyzed, "auto" takes the merge path.
    await db.pool.query("ANALYZE processor_transactions; ANALYZE internal_transactions");
    expect(await tablesStoredInIdOrder(db.pool)).toBe(true);
    const membership = async (residueJoin: "hash" | "merge") => {
      const plan = await createReconcilePlan(db, {
        jobKey: `join-${residueJoin}`,
        attempt: 0,
        runId: "00000000-0000-0000-0000-000000000002",
        processor: "stripe",
        runDate: day.runDate,
        read: readWindowOf(day.runDate, DEFAULT_RECONCILE_SETTINGS.graceMs),
        day: dayWindow(day.runDate),
        maxRecordsPerPartition: 40,
        residueJoin,
      });
      const { rows } = await db.pool.query<{ partition: number; side: string; record_id: string }>(
        "SELECT partition, side, record_id FROM reconcile_plan_members, unnest(record_ids) AS record_id WHERE plan_id = $1 ORDER BY side, record_id",
        [plan.id],
      );
      await deleteReconcilePlan(db, plan.id);
      return { residue: plan.residueCount, clean: plan.cleanCount, rows };
    };
    const byHash = await membership("hash");
    const byMerge = await membership("merge");
    expect(byHash.rows.length).toBe(byHash.residue);
    expect(byHash.residue).toBeGreaterThan(50);
    expect(byMerge).toEqual(byHash);
  });
});
