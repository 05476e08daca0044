// Rejected credentials fail a fetch slice at once (one attempt, no backoff), with a message naming
// the variable to fix, and mark the run failed.
import { createFleetContext, fleetEnv, type FleetContext } from "@recon/fleet";
import { triggerRun } from "@recon/queue";
import { createLogger, parseEnv } from "@recon/runtime";
import { createTestDatabase, testRedisUrl, uniquePrefix, waitFor, type TestDatabase } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFetchWorker } from "./start";

const DATE = "2025-10-09";
let database: TestDatabase;
const contexts: FleetContext[] = [];
let worker: Worker | undefined;

beforeAll(async () => {
  database = await createTestDatabase({ name: "fetch_creds" });
});

afterAll(async () => {
  await worker?.close();
  for (const ctx of contexts.reverse()) await ctx.close();
  await database?.drop();
});

describe("fetch.slice with rejected credentials", () => {
  it("fails on the first attempt naming the credential, for Stripe, PayPal and Square", async () => {
    const base = { ...process.env, DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: "silent", STRIPE_API_KEY: "", INTERNAL_API_URL: "" };
    const logger = createLogger({ name: "creds-test", level: "silent" });
    // The sandbox of a credential-less context serves as the "real" API for the misconfigured one.
    const sandboxed = await createFleetContext(parseEnv(fleetEnv, { ...base, QUEUE_PREFIX: uniquePrefix("creds-a") }), logger);
    contexts.push(sandboxed);
    const sb = sandboxed.sources.sandbox!;
    const ctx = await createFleetContext(
      parseEnv(fleetEnv, {
        ...base,
        QUEUE_PREFIX: uniquePrefix("creds-b"),
        STRIPE_API_KEY: "sk_test_wrong",
        STRIPE_API_BASE: sb.stripe.baseUrl,
        PAYPAL_CLIENT_ID: sb.paypal.clientId,
        PAYPAL_CLIENT_SECRET: "wrong",
        PAYPAL_API_BASE: sb.paypal.baseUrl,
        SQUARE_ACCESS_TOKEN: "wrong",
        SQUARE_API_BASE: sb.square.baseUrl,
      }),
      logger,
    );
    contexts.push(ctx);
    worker = startFetchWorker(ctx);
    const expected = {
      stripe: "STRIPE_API_KEY was rejected by Stripe (401)",
      paypal: "PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET were rejected by PayPal (401 invalid_client)",
      square: "SQUARE_ACCESS_TOKEN was rejected by Square (401",
    } as const;
    for (const processor of ["stripe", "paypal", "square"] as const) {
      // A slice of a live run (a slice outside any run touches no run row).
      const { jobId } = await triggerRun(ctx.queues, { processor, runDate: DATE, createdBy: "test", slices: 1 });
      const sliceId = `${jobId}-processor-0`;
      await waitFor(`${processor}: the job to fail`, async () => ((await ctx.queues.queues.fetch.getJobState(sliceId)) === "failed" ? true : undefined), 30_000);
      const failed = (await ctx.queues.queues.fetch.getJob(sliceId))!;
      expect(failed.failedReason).toContain(expected[processor]);
      expect(failed.attemptsMade).toBe(1);
      const { rows } = await ctx.db.pool.query<{ status: string; error_message: string }>(
        "SELECT status, error_message FROM reconciliation_runs WHERE processor_name = $1",
        [processor],
      );
      expect(rows[0]?.status).toBe("failed");
      expect(rows[0]?.error_message).toContain(expected[processor]);
    }
  });
});
