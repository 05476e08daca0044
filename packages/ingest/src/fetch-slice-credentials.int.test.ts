// Rejected credentials fail a fetch slice at once (one attempt, no backoff), with a message naming
// the variable to fix, and mark the run failed; so do a processor's slices in a fleet that has no
// credentials for it (the rest of the fleet is configured, so the worker started).
import { createFleetContext, fleetEnv, type FetchingFleetContext } from "@recon/fleet";
import { triggerRun } from "@recon/queue";
import { parseEnv } from "@recon/runtime";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { createTestDatabase, testRedisUrl, uniquePrefix, eventually, type TestDatabase, silentLogger } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFetchWorker } from "./start";

const DATE = "2025-10-09";
let database: TestDatabase;
let sb: Sandbox;
const contexts: FetchingFleetContext[] = [];
const workers: Worker[] = [];
const logger = silentLogger();

beforeAll(async () => {
  database = await createTestDatabase({ name: "fetch_creds" });
  // The emulators serve as the "real" APIs the misconfigured fleet talks to.
  sb = await startSandbox({ runDates: [DATE] });
});

afterAll(async () => {
  for (const worker of workers) await worker.close();
  for (const ctx of contexts) await ctx.close();
  await sb?.close();
  await database?.drop();
});

describe("fetch.slice with rejected credentials", () => {
  it("fails on the first attempt naming the credential, for Stripe, PayPal and Square", async () => {
    const fleet = await createFleetContext(
      parseEnv(fleetEnv, {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl(),
        LOG_LEVEL: "silent",
        QUEUE_PREFIX: uniquePrefix("creds"),
        INTERNAL_API_URL: sb.ledger.baseUrl,
        INTERNAL_API_TOKEN: sb.ledger.token,
        STRIPE_API_KEY: "sk_test_wrong",
        STRIPE_API_BASE: sb.stripe.baseUrl,
        PAYPAL_CLIENT_ID: sb.paypal.clientId,
        PAYPAL_CLIENT_SECRET: "wrong",
        PAYPAL_API_BASE: sb.paypal.baseUrl,
        SQUARE_ACCESS_TOKEN: "wrong",
        SQUARE_API_BASE: sb.square.baseUrl,
      }),
      logger,
      { sources: {} },
    );
    contexts.push(fleet);
    workers.push(startFetchWorker(fleet));
    const expected = {
      stripe: "STRIPE_API_KEY was rejected by Stripe (401)",
      paypal: "PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET were rejected by PayPal (401 invalid_client)",
      square: "SQUARE_ACCESS_TOKEN was rejected by Square (401",
    } as const;
    for (const processor of ["stripe", "paypal", "square"] as const) {
      // A slice of a live run (a slice outside any run touches no run row).
      const { jobId } = await triggerRun(fleet.queues, { processor, runDate: DATE, createdBy: "test", slices: 1 });
      const sliceId = `${jobId}-processor-0`;
      await eventually(`${processor}: the job to fail`, async () => ((await fleet.queues.queues.fetch.getJobState(sliceId)) === "failed" ? true : undefined), { timeoutMs: 30_000 });
      const failed = (await fleet.queues.queues.fetch.getJob(sliceId))!;
      expect(failed.failedReason).toContain(expected[processor]);
      expect(failed.attemptsMade).toBe(1);
      const { rows } = await fleet.db.pool.query<{ status: string; error_message: string }>(
        "SELECT status, error_message FROM reconciliation_runs WHERE processor_name = $1",
        [processor],
      );
      expect(rows[0]?.status).toBe("failed");
      expect(rows[0]?.error_message).toContain(expected[processor]);
    }
  });

  it("fails a processor's slices at once naming the variables to set, when the fleet has no credentials for it", async () => {
    const date = "2025-10-10";
    // Stripe and the ledger configured, so the worker starts; Square is not.
    const fleet = await createFleetContext(
      parseEnv(fleetEnv, {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl(),
        LOG_LEVEL: "silent",
        QUEUE_PREFIX: uniquePrefix("creds-missing"),
        INTERNAL_API_URL: sb.ledger.baseUrl,
        INTERNAL_API_TOKEN: sb.ledger.token,
        STRIPE_API_KEY: sb.stripe.apiKey,
        STRIPE_API_BASE: sb.stripe.baseUrl,
        PAYPAL_CLIENT_ID: "",
        PAYPAL_CLIENT_SECRET: "",
        SQUARE_ACCESS_TOKEN: "",
      }),
      logger,
      { sources: {} },
    );
    contexts.push(fleet);
    workers.push(startFetchWorker(fleet));
    const { jobId } = await triggerRun(fleet.queues, { processor: "square", runDate: date, createdBy: "test", slices: 1 });
    const sliceId = `${jobId}-processor-0`;
    await eventually("the square slice to fail", async () => ((await fleet.queues.queues.fetch.getJobState(sliceId)) === "failed" ? true : undefined), { timeoutMs: 30_000 });
    const failed = (await fleet.queues.queues.fetch.getJob(sliceId))!;
    expect(failed.failedReason).toContain("no credentials for square in this fleet: set SQUARE_ACCESS_TOKEN");
    expect(failed.attemptsMade).toBe(1);
    const { rows } = await fleet.db.pool.query<{ status: string; error_message: string }>(
      "SELECT status, error_message FROM reconciliation_runs WHERE processor_name = 'square' AND run_date = $1::date",
      [date],
    );
    expect(rows[0]?.status).toBe("failed");
    expect(rows[0]?.error_message).toContain("set SQUARE_ACCESS_TOKEN");
  });
});
