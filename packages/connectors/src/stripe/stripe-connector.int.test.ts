import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchPage } from "../connector";
import { isPermanentConnectorError, PermanentConnectorError } from "../permanent-connector-error";
import { generateScenario, startSandbox, type Sandbox, type SandboxOptions } from "@recon/sandbox";
import { retryAfterOf } from "../rate-limited-error";
import { createStripeConnector } from "./stripe-connector";

const RUN_DATE = "2024-03-01";
const DAY = { start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-02T00:00:00Z") };
const SEED = 21;
const SIZE = 250;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ seed: SEED, size: SIZE, runDates: [RUN_DATE], ...options });
  return sandbox;
}

async function collect(iterable: AsyncIterable<FetchPage<ProcessorTransaction>>) {
  const pages: FetchPage<ProcessorTransaction>[] = [];
  for await (const page of iterable) pages.push(page);
  const records = pages.flatMap((p) => p.records);
  const rejected: RejectedRecordInput[] = pages.flatMap((p) => p.rejected);
  return { pages, records, rejected };
}

describe("stripe connector against the sandbox (real SDK)", () => {
  it("pages through a whole day with sources expanded", async () => {
    const sb = await start();
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { pages, records, rejected } = await collect(connector.fetch(DAY));
    expect(pages.map((p) => p.records.length)).toEqual([100, 100, 50]);
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(sb.truth("stripe", RUN_DATE).processorCount);
    expect(sb.stripe.requestCount()).toBe(3);
    for (const record of records) {
      expect(record.externalId).toMatch(/^txn_/);
      expect(record.relatedIds).toEqual([expect.stringMatching(/^ch_/), expect.stringMatching(/^pi_/)]);
      expect(record.reference).toMatch(/^ord_/);
      expect(record.currency).toMatch(/^(USD|JPY|KWD)$/);
      expect(record.status).toBe("succeeded");
      expect(record.type).toBe("payment");
      expect(record.netMinor).toBe(record.grossMinor - record.feeMinor);
    }
  });

  it("returns exactly the records created inside the window", async () => {
    const sb = await start();
    const window = { start: new Date("2024-03-01T06:00:00Z"), end: new Date("2024-03-01T12:00:00Z") };
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { records } = await collect(connector.fetch(window));
    const expected = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: SEED, size: SIZE })
      .raw.balanceTransactions.filter((t) => t.created * 1000 >= window.start.getTime() && t.created * 1000 < window.end.getTime())
      .map((t) => t.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(records.map((r) => r.externalId).sort()).toEqual(expected.sort());
  });

  it("fails permanently, without retries, on a wrong API key", async () => {
    const sb = await start();
    const connector = createStripeConnector({ apiKey: "sk_test_wrong", apiBase: sb.stripe.baseUrl, maxNetworkRetries: 2 });
    const error = await collect(connector.fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect(isPermanentConnectorError(error)).toBe(true);
    expect((error as Error).message).toBe("STRIPE_API_KEY was rejected by Stripe (401)");
    expect((error as Error).message).not.toContain("sk_test_wrong");
    expect(sb.stripe.requestCount()).toBe(1);
  });

  it("quarantines a malformed record and still yields the rest of its page", async () => {
    const victim = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: SEED, size: SIZE }).raw.balanceTransactions[17]!.id;
    const sb = await start({ stripe: { corrupt: { [victim]: { amount: "12.50" } } } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { pages, records, rejected } = await collect(connector.fetch(DAY));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ source: "stripe", externalId: victim, reason: expect.stringMatching(/^amount: /) });
    expect(records).toHaveLength(SIZE - 1);
    expect(pages.map((p) => p.records.length + p.rejected.length)).toEqual([100, 100, 50]);
  });

  it("lets the SDK retry a 500, and surfaces a 429 as a retryable (not permanent) error", async () => {
    const sb = await start({ stripe: { faults: [{ type: "server_error", requests: [2] }, { type: "rate_limit", requests: [5] }] } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { records } = await collect(connector.fetch(DAY));
    expect(records).toHaveLength(SIZE);
    expect(sb.stripe.requestCount()).toBe(4);
    const error = await collect(connector.fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isPermanentConnectorError(error)).toBe(false);
    expect((error as { statusCode?: number }).statusCode).toBe(429);
    expect(retryAfterOf(error)).toBe(1_000); // Stripe's Retry-After, passed on to the fetch job
  });

  it("lets the SDK retry a reply slower than the client timeout", async () => {
    const sb = await start({ stripe: { faults: [{ type: "slow", requests: [1], delayMs: 2_000 }] } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl, timeoutMs: 500 });
    const { records } = await collect(connector.fetch(DAY));
    expect(records).toHaveLength(SIZE);
    expect(sb.stripe.requestCount()).toBe(4);
  });

  it("surfaces a truncated body (which the SDK does not retry) as a retryable error for the queue's backoff", async () => {
    const sb = await start({ stripe: { faults: [{ type: "truncated", requests: [2] }] } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const error = await collect(connector.fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isPermanentConnectorError(error)).toBe(false);
    const { records } = await collect(connector.fetch(DAY));
    expect(records).toHaveLength(SIZE);
  });
});
