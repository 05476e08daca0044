// Every error PayPal documents for Transaction Search, served by the emulator in its documented
// body, takes its path through the real connector: renew the token once, back off and retry, or
// fail (permanently or for the fetch job to retry). Each test counts the token and search requests.
import { PermanentError, type ProcessorTransaction } from "@recon/domain";
import { generateScenario, startSandbox, type Fault, type Sandbox } from "@recon/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { PermanentConnectorError } from "../permanent-connector-error";
import { RateLimitedError, retryAfterOf } from "../rate-limited-error";
import { createPaypalConnector, type PaypalConnectorOptions } from "./paypal-connector";

const RUN_DATE = "2025-10-09";
const DAY = { start: new Date("2025-10-09T00:00:00Z"), end: new Date("2025-10-10T00:00:00Z") };
const SEED = 5;
const SIZE = 600;
const expected = generateScenario({ processor: "paypal", runDate: RUN_DATE, seed: SEED, size: SIZE }).truth.processorCount;
/** Search pages of the day at page_size 500. */
const PAGES = Math.ceil(expected / 500);

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function run(faults: Fault[], overrides: Partial<PaypalConnectorOptions> = {}) {
  sandbox = await startSandbox({ seed: SEED, size: SIZE, runDates: [RUN_DATE], paypal: { faults } });
  const sb = sandbox;
  const connector = createPaypalConnector({ clientId: sb.paypal.clientId, clientSecret: sb.paypal.clientSecret, apiBase: sb.paypal.baseUrl, retryDelayMs: 10, ...overrides });
  const records: ProcessorTransaction[] = [];
  let error: unknown;
  try {
    for await (const page of connector.fetch(DAY)) records.push(...page.records);
  } catch (caught) {
    error = caught;
  }
  const tokens = sb.paypal.tokenCount();
  return { records, error, tokens, searches: sb.paypal.requestCount() - tokens };
}

describe("paypal connector: each documented error takes its path", () => {
  it("401 AUTHENTICATION_FAILURE on a search: drops the token, gets a new one, retries once and carries on", async () => {
    // Request 1 is the token, request 2 the first search.
    const result = await run([{ type: "unauthorized", requests: [2] }]);
    expect(result.error).toBeUndefined();
    expect(result.records).toHaveLength(expected);
    expect(result.tokens).toBe(2);
    expect(result.searches).toBe(PAGES + 1);
  });

  it("401 on a later page renews the token there too", async () => {
    expect(PAGES).toBeGreaterThanOrEqual(2);
    const result = await run([{ type: "unauthorized", requests: [3] }]);
    expect(result.error).toBeUndefined();
    expect(result.records).toHaveLength(expected);
    expect(result.tokens).toBe(2);
    expect(result.searches).toBe(PAGES + 1);
  });

  it("a fresh token refused as well: fails permanently, naming PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET", async () => {
    // 1 token, 2 search (401), 3 new token, 4 search again (401).
    const result = await run([{ type: "unauthorized", requests: [2, 4] }]);
    expect(result.error).toBeInstanceOf(PermanentConnectorError);
    expect((result.error as Error).message).toMatch(
      /^PAYPAL_CLIENT_ID \/ PAYPAL_CLIENT_SECRET: PayPal refused even a freshly issued access token \(401 AUTHENTICATION_FAILURE\)/,
    );
    expect(result.tokens).toBe(2);
    expect(result.searches).toBe(2);
  });

  it("the token endpoint's own 401 invalid_client fails at once, without a retry or a search", async () => {
    const result = await run([{ type: "unauthorized", requests: [1] }]);
    expect(result.error).toBeInstanceOf(PermanentConnectorError);
    expect((result.error as Error).message).toBe("PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET were rejected by PayPal (401 invalid_client)");
    expect(result.tokens).toBe(1);
    expect(result.searches).toBe(0);
  });

  it("429 RATE_LIMIT_REACHED with Retry-After: waits at least that long, retries and carries on", async () => {
    const started = Date.now();
    const result = await run([{ type: "rate_limit", requests: [2], retryAfterSeconds: 1 }]);
    expect(result.error).toBeUndefined();
    expect(result.records).toHaveLength(expected);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(result.tokens).toBe(1);
    expect(result.searches).toBe(PAGES + 1);
  });

  it("429 without Retry-After: backs off on its own schedule and retries", async () => {
    const result = await run([{ type: "rate_limit", requests: [2, 3], retryAfterSeconds: null }]);
    expect(result.error).toBeUndefined();
    expect(result.records).toHaveLength(expected);
    expect(result.tokens).toBe(1);
    expect(result.searches).toBe(PAGES + 2);
  });

  it("429 past the retries: the RateLimitedError the fetch job understands, with PayPal's Retry-After", async () => {
    const result = await run([{ type: "rate_limit", requests: [2, 3, 4], retryAfterSeconds: 1 }], { retries: 2, retryDelayMs: 1 });
    expect(result.error).toBeInstanceOf(RateLimitedError);
    expect(retryAfterOf(result.error)).toBe(1_000);
    expect((result.error as Error).message).toMatch(/^PayPal rate limit reached \(429 RATE_LIMIT_REACHED/);
    expect(result.error).not.toBeInstanceOf(PermanentError);
    expect(result.tokens).toBe(1);
    expect(result.searches).toBe(3);
  }, 15_000);

  it("500 INTERNAL_SERVER_ERROR and 503 SERVICE_UNAVAILABLE are retried", async () => {
    const result = await run([
      { type: "server_error", requests: [2], status: 500 },
      { type: "server_error", requests: [4], status: 503 },
    ]);
    expect(result.error).toBeUndefined();
    expect(result.records).toHaveLength(expected);
    expect(result.tokens).toBe(1);
    expect(result.searches).toBe(PAGES + 2);
  });

  it("5xx past the retries: a retryable error for the fetch job, naming PayPal's error", async () => {
    const result = await run([{ type: "server_error", requests: [2, 3, 4], status: 503 }], { retries: 2 });
    expect(result.error).not.toBeInstanceOf(PermanentError);
    expect((result.error as Error).message).toBe("PayPal search request failed (503 SERVICE_UNAVAILABLE: Service Unavailable.)");
    expect(result.tokens).toBe(1);
    expect(result.searches).toBe(3);
  });
});
