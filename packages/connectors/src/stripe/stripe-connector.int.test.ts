import { PermanentError, type ProcessorTransaction, type RejectedRecordInput } from "@recon/domain";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchPage } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { generateScenario, startSandbox, type Sandbox, type SandboxOptions } from "@recon/sandbox";
import { RateLimitedError, retryAfterOf } from "../rate-limited-error";
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

const scenario = () => generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: SEED, size: SIZE });

/** How each balance transaction type is known (the prefixes of its related ids, in order) and typed. */
const EXPECTED_RELATED: Record<string, { prefixes: string[]; type: string }> = {
  "charge/charge": { prefixes: ["ch_", "pi_"], type: "payment" },
  "refund/refund": { prefixes: ["re_", "ch_", "pi_"], type: "refund" },
  "adjustment/dispute": { prefixes: ["dp_", "ch_", "pi_"], type: "dispute" },
  "adjustment/dispute_reversal": { prefixes: ["dp_", "ch_", "pi_"], type: "dispute" },
  "adjustment/other_adjustment": { prefixes: [], type: "adjustment" },
  "payout/payout": { prefixes: ["po_"], type: "payout" },
  "stripe_fee/fee": { prefixes: [], type: "fee" },
  "application_fee/platform_earning": { prefixes: ["fee_", "ch_"], type: "fee" },
  "transfer/transfer": { prefixes: ["tr_"], type: "transfer" },
  "topup/topup": { prefixes: ["tu_"], type: "topup" },
};

async function collect(iterable: AsyncIterable<FetchPage<ProcessorTransaction>>) {
  const pages: FetchPage<ProcessorTransaction>[] = [];
  for await (const page of iterable) pages.push(page);
  const records = pages.flatMap((p) => p.records);
  const rejected: RejectedRecordInput[] = pages.flatMap((p) => p.rejected);
  return { pages, records, rejected };
}

describe("stripe connector against the sandbox (real SDK)", () => {
  it("pages through a whole day with sources expanded, every type normalised", async () => {
    const sb = await start();
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { pages, records, rejected } = await collect(connector.fetch(DAY));
    const count = sb.truth("stripe", RUN_DATE).processorCount;
    expect(count).toBeGreaterThan(SIZE); // the day's activity and its payouts
    expect(pages.map((p) => p.records.length)).toEqual([100, 100, count - 200]);
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(count);
    expect(sb.stripe.requestCount()).toBe(3);
    const raw = new Map(scenario().raw.balanceTransactions.map((t) => [t.id, t]));
    const types = new Set<string>();
    for (const record of records) {
      const txn = raw.get(record.externalId)!;
      expect(record.grossMinor).toBe(BigInt(txn.amount));
      expect(record.netMinor).toBe(record.grossMinor - record.feeMinor);
      expect(record.currency).toMatch(/^(USD|JPY|KWD)$/);
      expect(record.rawStatus).toBe(txn.status);
      types.add(record.type);
      const related = EXPECTED_RELATED[`${txn.type}/${txn.reporting_category}`]!;
      expect(record.relatedIds.map((id) => id.slice(0, id.indexOf("_") + 1)), `${txn.type} ${txn.id}`).toEqual(related.prefixes);
      expect(record.type).toBe(related.type);
      if (txn.type === "charge") expect(record.reference).toMatch(/^ord_/);
      else expect(record.reference).toBeNull();
      if (txn.source !== null) expect(record.relatedIds[0]).toBe(txn.source);
    }
    expect([...types].sort()).toEqual(["adjustment", "dispute", "fee", "payment", "payout", "refund", "topup", "transfer"]);
    expect(new Set(records.map((r) => r.status))).toEqual(new Set(["succeeded", "refunded", "pending"]));
  });

  it("returns exactly the records created inside the window", async () => {
    const sb = await start();
    const window = { start: new Date("2024-03-01T06:00:00Z"), end: new Date("2024-03-01T12:00:00Z") };
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { records } = await collect(connector.fetch(window));
    const expected = scenario()
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
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe("STRIPE_API_KEY was rejected by Stripe (401)");
    expect((error as Error).message).not.toContain("sk_test_wrong");
    expect(sb.stripe.requestCount()).toBe(1);
  });

  it("quarantines a malformed record and still yields the rest of its page", async () => {
    const victim = scenario().raw.balanceTransactions[17]!.id;
    const sb = await start({ stripe: { corrupt: { [victim]: { amount: "12.50" } } } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { pages, records, rejected } = await collect(connector.fetch(DAY));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ source: "stripe", externalId: victim, reason: expect.stringMatching(/^amount: /) });
    const count = sb.truth("stripe", RUN_DATE).processorCount;
    expect(records).toHaveLength(count - 1);
    expect(pages.map((p) => p.records.length + p.rejected.length)).toEqual([100, 100, count - 200]);
  });

  it("lets the SDK retry a 500, and surfaces a 429 as a retryable (not permanent) error with Stripe's Retry-After", async () => {
    const sb = await start({ stripe: { faults: [{ type: "server_error", requests: [2] }, { type: "rate_limit", requests: [5], retryAfterSeconds: 3 }] } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const { records } = await collect(connector.fetch(DAY));
    expect(records).toHaveLength(sb.truth("stripe", RUN_DATE).processorCount);
    expect(sb.stripe.requestCount()).toBe(4);
    const error = await collect(connector.fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).not.toBeInstanceOf(PermanentError);
    expect((error as { statusCode?: number }).statusCode).toBe(429);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_000);
    expect(retryAfterOf(error)).toBe(3_000); // Stripe's Retry-After, passed on to the fetch job
    expect(sb.stripe.requestCount()).toBe(5); // the SDK does not retry Stripe's 429 itself
  });

  it("surfaces a 429 without Retry-After as a RateLimitedError that leaves the wait to the fetch job", async () => {
    const sb = await start({ stripe: { faults: [{ type: "rate_limit", requests: [2], retryAfterSeconds: null }] } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const error = await collect(connector.fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as Error).message).toBe("Stripe rate limit reached (429 rate_limit)");
    expect((error as RateLimitedError).retryAfterMs).toBeUndefined();
    expect(retryAfterOf(error)).toBeUndefined();
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(sb.stripe.requestCount()).toBe(2);
  });

  it("lets the SDK retry a reply slower than the client timeout", async () => {
    const sb = await start({ stripe: { faults: [{ type: "slow", requests: [1], delayMs: 2_000 }] } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl, timeoutMs: 500 });
    const { records } = await collect(connector.fetch(DAY));
    expect(records).toHaveLength(sb.truth("stripe", RUN_DATE).processorCount);
    expect(sb.stripe.requestCount()).toBe(4);
  });

  it("surfaces a truncated body (which the SDK does not retry) as a retryable error for the queue's backoff", async () => {
    const sb = await start({ stripe: { faults: [{ type: "truncated", requests: [2] }] } });
    const connector = createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
    const error = await collect(connector.fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentError);
    const { records } = await collect(connector.fetch(DAY));
    expect(records).toHaveLength(sb.truth("stripe", RUN_DATE).processorCount);
  });
});
