// A run whose residue exceeds one partition goes through BullMQ as it does in production: the
// reconcile.run job plans, adds reconcile.partition children, parks, two worker processes' worth
// of workers take the partitions, and the parent settles into the same result as one process.
import { copyInternalTransactions, copyProcessorTransactions } from "@recon/db";
import { createFleetContext, fleetEnv, type Background, type FleetContext } from "@recon/fleet";
import { JOBS, setLiveRunHead, triggerRun } from "@recon/queue";
import { parseEnv } from "@recon/runtime";
import { createTestDatabase, eventually, testRedisUrl, uniquePrefix, type TestDatabase, silentLogger } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTruthDay, storableTruthDay, type TruthDay } from "../../../packages/sandbox/src/truth-day/index";
import { reconcileDay } from "./reconcile-day";
import type { ReconcileJobResult } from "./reconcile-run.job";
import { startReconcileWorker } from "./start";

let database: TestDatabase;
let day: TruthDay;
const contexts: FleetContext[] = [];
const running: Array<Worker | Background> = [];

beforeAll(async () => {
  database = await createTestDatabase({ name: "recon_partitioned" });
  const prefix = uniquePrefix("partitioned");
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "silent",
    // The smallest partition size, so a 4,000-record day's residue needs several partitions.
    RECONCILE_PARTITION_RECORDS: "100",
  };
  const logger = silentLogger();
  // Two contexts, each with its own reconcile worker: two processes' worth of workers.
  for (let i = 0; i < 2; i++) {
    const ctx = await createFleetContext(parseEnv(fleetEnv, env), logger);
    contexts.push(ctx);
    running.push(...startReconcileWorker(ctx));
  }
  day = storableTruthDay(generateTruthDay({ size: 4_000, seed: 7 }));
  await copyProcessorTransactions(contexts[0]!.db, day.processor);
  await copyInternalTransactions(contexts[0]!.db, day.internal);
});

afterAll(async () => {
  for (const r of running) await ('close' in r ? r.close() : r.stop());
  for (const ctx of contexts.reverse()) await ctx.close();
  await database?.drop();
});

async function finished(ctx: FleetContext, jobId: string): Promise<void> {
  await eventually(
    `run ${jobId} to complete`,
    async () => {
      const job = (await ctx.queues.queues.reconcile.getJob(jobId))!;
      const state = await job.getState();
      if (state === "failed") throw new Error(`run failed: ${job.failedReason}`);
      return state === "completed";
    },
    { timeoutMs: 60_000 },
  );
}

describe("a partitioned run through the queue", () => {
  it("splits into child jobs, settles into the single-process result, and leaves no plan behind", async () => {
    const ctx = contexts[0]!;
    const { jobId } = await triggerRun(ctx.queues, { processor: "stripe", runDate: day.runDate, createdBy: "test", skipFetch: true, slices: 1 });
    await finished(ctx, jobId);
    const result = (await ctx.queues.queues.reconcile.getJob(jobId))!.returnvalue as ReconcileJobResult;
    expect(result.partitions).toBeGreaterThanOrEqual(3);

    const children = (await ctx.queues.queues.reconcile.getJobs(["completed"])).filter((j) => j.name === "reconcile.partition");
    expect(children).toHaveLength(result.partitions);
    // Each child is a dependency of this run's job, and stored its partition's result.
    expect(children.every((c) => c.parentKey?.endsWith(`:${jobId}`))).toBe(true);

    const expected = await reconcileDay(ctx.db, { processor: "stripe", runDate: day.runDate, mode: "stream" });
    const { rows: run } = await ctx.db.pool.query<{ status: string; matched_count: number; counts: Record<string, number> }>(
      "SELECT status, matched_count, counts FROM reconciliation_runs WHERE id = $1",
      [result.runId],
    );
    expect(run[0]).toMatchObject({ status: "completed", matched_count: expected.result.figures.matchedCount, counts: expected.result.figures.counts });
    const { rows: stored } = await ctx.db.pool.query<{ kind: string; p: string | null; l: string | null; reason: string }>(
      `SELECT kind, processor_external_id AS p, internal_external_id AS l, reason FROM discrepancies WHERE run_id = $1
        ORDER BY kind COLLATE "C", processor_external_id COLLATE "C" NULLS FIRST, internal_external_id COLLATE "C" NULLS FIRST`,
      [result.runId],
    );
    const want = expected.result.discrepancies
      .map((d) => ({ kind: d.kind, p: d.processorExternalId, l: d.internalExternalId, reason: d.reason }))
      .sort((a, b) => cmp(a.kind, b.kind) || cmpNullsFirst(a.p, b.p) || cmpNullsFirst(a.l, b.l));
    expect(stored).toEqual(want);
    expect(stored.length).toBeGreaterThan(50);

    const { rows: plans } = await ctx.db.pool.query("SELECT id FROM reconcile_plans");
    expect(plans).toEqual([]);
  });
});

describe("a partition that fails every attempt", () => {
  it("fails the run, naming the partition and its reason, writes no results, and completes when retried after a repair", async () => {
    const ctx = contexts[0]!;
    // Another day, its ids disjoint from the first test's; one lone processor record is damaged
    // around the ingest path, so the partition holding it fails however often it is retried.
    const other = storableTruthDay(generateTruthDay({ size: 4_000, seed: 9, runDate: "2026-12-10", part: 1 }));
    await copyProcessorTransactions(ctx.db, other.processor);
    await copyInternalTransactions(ctx.db, other.internal);
    const lone = other.truth.find((o) => o.kind === "missing_in_internal")!.processorIds[0]!;
    await ctx.db.pool.query("UPDATE processor_transactions SET currency = 'X1Z' WHERE external_id = $1", [lone]);

    // Added by hand (for its single attempt), so made live by hand: a run that is not live is refused.
    await setLiveRunHead(ctx.queues, "stripe", other.runDate, "run-with-a-bad-partition");
    const job = await ctx.queues.queues.reconcile.add(
      "reconcile.run",
      { processor: "stripe", runDate: other.runDate, createdBy: "test" },
      // One attempt of the run itself keeps the test short; the partitions keep their retries.
      { ...JOBS["reconcile.run"].options, attempts: 1, jobId: "run-with-a-bad-partition" },
    );
    await eventually(
      "the run to fail",
      async () => {
        if ((await job.getState()) === "failed") return true;
        // The partition's retries wait minutes in all (they outlast an outage): skip the waits.
        await ctx.queues.queues.reconcile.promoteJobs();
        return false;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    const failed = (await ctx.queues.queues.reconcile.getJob("run-with-a-bad-partition"))!;
    expect(failed.failedReason).toMatch(/^partition\(s\) \d+ of \d+ failed: .*invalid currency code "X1Z"/);
    const badChild = (await ctx.queues.queues.reconcile.getJobs(["failed"])).find(
      (j) => j.name === "reconcile.partition" && j.parentKey?.endsWith(":run-with-a-bad-partition"),
    );
    expect(badChild?.attemptsMade).toBe(JOBS["reconcile.partition"].options.attempts);

    const { rows: run } = await ctx.db.pool.query<{ status: string; error_message: string }>(
      "SELECT status, error_message FROM reconciliation_runs WHERE processor_name = 'stripe' AND run_date = $1::date",
      [other.runDate],
    );
    expect(run).toEqual([{ status: "failed", error_message: failed.failedReason }]);
    const { rows: discrepancies } = await ctx.db.pool.query(
      "SELECT 1 FROM discrepancies d JOIN reconciliation_runs r ON r.id = d.run_id WHERE r.run_date = $1::date",
      [other.runDate],
    );
    expect(discrepancies).toEqual([]);

    // The operator repairs the record and retries the run from Bull Board: it plans afresh (the
    // failed child belongs to the old plan) and completes.
    await ctx.db.pool.query("UPDATE processor_transactions SET currency = 'USD' WHERE external_id = $1", [lone]);
    await failed.retry();
    await finished(ctx, "run-with-a-bad-partition");
    const { rows: after } = await ctx.db.pool.query<{ status: string }>(
      "SELECT status FROM reconciliation_runs WHERE processor_name = 'stripe' AND run_date = $1::date",
      [other.runDate],
    );
    expect(after).toEqual([{ status: "completed" }]);
  }, 120_000);
});

describe("a partition job whose plan is gone", () => {
  it("fails at once, naming the plan, without spending retries", async () => {
    const ctx = contexts[0]!;
    const planId = "11111111-2222-4333-8444-555555555555";
    const job = await ctx.queues.queues.reconcile.add(
      "reconcile.partition",
      { planId, partition: 0, processor: "stripe", runDate: day.runDate },
      { ...JOBS["reconcile.partition"].options, jobId: "stale-partition" },
    );
    await eventually("the stale partition job to fail", async () => (await job.getState()) === "failed", { timeoutMs: 30_000 });
    const failed = (await ctx.queues.queues.reconcile.getJob("stale-partition"))!;
    expect(failed.failedReason).toBe(`reconcile plan ${planId} no longer exists (its run was re-planned or completed)`);
    expect(failed.attemptsMade).toBe(1);
  });
});

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
function cmpNullsFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return cmp(a, b);
}
