// A processor's 429 through the real fetch worker on Redis, against the Stripe emulator: with a
// Retry-After the slice waits exactly that long (put back to delayed, not a failed attempt, and
// the processor's budget closed for every worker); without one it fails the attempt and BullMQ's
// own exponential backoff (2 s, then 4 s...) decides when to try again. Both end with the whole
// slice stored.
import { createFleetContext, fleetEnv, type FetchingFleetContext } from "@recon/fleet";
import { JOBS } from "@recon/queue";
import { parseEnv } from "@recon/runtime";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { createTestDatabase, testRedisUrl, uniquePrefix, eventually, type TestDatabase, silentLogger } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFetchWorker } from "./start";
import { addWholeDaySlice } from "./testing/whole-day-slice";

const DATE = "2025-10-09";
const RETRY_AFTER_SECONDS = 3;

let database: TestDatabase;
let sandbox: Sandbox;
let ctx: FetchingFleetContext;
let worker: Worker;

beforeAll(async () => {
  database = await createTestDatabase({ name: "fetch_rate_limit" });
  // The first request gets a 429 with Retry-After, the fifth (the second job's first) one without.
  sandbox = await startSandbox({
    runDates: [DATE],
    stripe: {
      faults: [
        { type: "rate_limit", requests: [1], retryAfterSeconds: RETRY_AFTER_SECONDS },
        { type: "rate_limit", requests: [5], retryAfterSeconds: null },
      ],
    },
  });
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("fetch-429"),
    STRIPE_API_KEY: sandbox.stripe.apiKey,
    STRIPE_API_BASE: sandbox.stripe.baseUrl,
    INTERNAL_API_URL: sandbox.ledger.baseUrl,
    INTERNAL_API_TOKEN: sandbox.ledger.token,
    LOG_LEVEL: "silent",
    WORKER_CONCURRENCY: "1",
  };
  ctx = await createFleetContext(parseEnv(fleetEnv, env), silentLogger(), { sources: {} });
  worker = startFetchWorker(ctx);
});

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
  await sandbox?.close();
  await database?.drop();
});

/** Adds a live run's whole-day slice and returns its job id. */
const addSlice = async (tag: string): Promise<string> => String((await addWholeDaySlice(ctx.queues, "stripe", DATE, tag)).id);

const stateOf = (jobId: string) => ctx.queues.queues.fetch.getJobState(jobId);
const jobOf = async (jobId: string) => (await ctx.queues.queues.fetch.getJob(jobId))!;
const redis = () => ctx.queues.connection;
const stripeBudgetTtl = () => redis().pttl(`${ctx.config.QUEUE_PREFIX}:fetch-rate:stripe`);
const deferrals = async (jobId: string) => Number((await redis().get(`${ctx.config.QUEUE_PREFIX}:fetch-deferrals:${jobId}`)) ?? 0);

describe("fetch.slice on a Stripe 429 (real worker, Redis, emulator)", () => {
  it("waits the processor's Retry-After when it gives one: delayed, not a failed attempt, Stripe's budget closed", async () => {
    const truth = sandbox.truth("stripe", DATE);
    const id = await addSlice("with-retry-after");
    await eventually("the 429 to defer the slice", async () => (await stateOf(id)) === "delayed", { timeoutMs: 30_000 });
    const deferredAt = Date.now();
    expect(sandbox.stripe.requestCount()).toBe(1);
    expect(await deferrals(id)).toBe(1);
    // Every worker's Stripe jobs now wait: the budget key is held past its 1 s window for the Retry-After.
    expect(await stripeBudgetTtl()).toBeGreaterThan(1_000);
    const deferred = await jobOf(id);
    expect(deferred.stacktrace).toEqual([]); // not a failed attempt

    await eventually("the slice to complete", async () => (await stateOf(id)) === "completed", { timeoutMs: 30_000 });
    expect(Date.now() - deferredAt).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1_000 - 300);
    const done = await jobOf(id);
    expect(done.stacktrace).toEqual([]);
    expect(done.failedReason ?? null).toBeNull();
    expect(done.returnvalue).toMatchObject({ fetched: truth.processorCount, rejected: 0 });
    expect(sandbox.stripe.requestCount()).toBe(4); // the 429, then the day's three pages
  });

  it("falls back on its own exponential backoff when the 429 has no Retry-After: a failed attempt, retried", async () => {
    const truth = sandbox.truth("stripe", DATE);
    const id = await addSlice("without-retry-after");
    const failed = await eventually(
      "the 429 to fail the attempt",
      async () => {
        const job = await jobOf(id);
        return (job.stacktrace ?? []).length > 0 ? job : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const failedAt = Date.now();
    expect(sandbox.stripe.requestCount()).toBe(5);
    expect(failed.failedReason).toBe("Stripe rate limit reached (429 rate_limit)");
    expect(await deferrals(id)).toBe(0); // nothing said how long to wait: not deferred
    expect(await stripeBudgetTtl()).toBeLessThanOrEqual(1_000); // and the budget is not closed
    expect(["delayed", "active", "completed"]).toContain(await stateOf(id));

    await eventually("the retried slice to complete", async () => (await stateOf(id)) === "completed", { timeoutMs: 30_000 });
    // BullMQ's first exponential backoff of fetch.slice: its configured delay.
    const backoff = (JOBS["fetch.slice"].options.backoff as { delay: number }).delay;
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(backoff - 300);
    const done = await jobOf(id);
    expect(done.stacktrace).toHaveLength(1);
    expect(done.returnvalue).toMatchObject({ fetched: truth.processorCount, rejected: 0 });
    expect(sandbox.stripe.requestCount()).toBe(8);
    const { rows } = await ctx.db.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM processor_transactions WHERE processor = 'stripe'");
    expect(Number(rows[0]?.n)).toBe(truth.processorCount);
  });
});
