// Every request a connector sends passes its gate first, its client's retries included: the
// fleet's request rate limit counts retries like first attempts. Checked against the emulators,
// with 5xx and 429 planted so each client retries, by comparing the gate's count with the
// requests the emulator received.
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchPage, FetchWindow } from "./connector";
import { createLedgerConnector } from "./ledger/ledger-connector";
import { createPaypalConnector } from "./paypal/paypal-connector";
import type { RequestGate } from "./request-gate";
import { createSquareConnector } from "./square/square-connector";
import { createStripeConnector } from "./stripe/stripe-connector";

const RUN_DATE = "2024-03-01";
const DAY: FetchWindow = { start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-02T00:00:00Z") };
// A 429 on the second request and a 503 on the fourth, for every emulator (Stripe's SDK does not
// retry a 429, so Stripe gets two 5xx).
const FAULTS = [
  { type: "rate_limit" as const, requests: [2], retryAfterSeconds: 0 },
  { type: "server_error" as const, requests: [4], status: 503 as const },
];

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A gate that lets everything through at once and counts what passed it. */
function countingGate(): { gate: RequestGate; passed: () => number } {
  let passed = 0;
  return {
    gate: () => {
      passed += 1;
      return Promise.resolve();
    },
    passed: () => passed,
  };
}

async function drain(pages: AsyncIterable<FetchPage<unknown>>): Promise<number> {
  let records = 0;
  for await (const page of pages) records += page.records.length;
  return records;
}

describe("a connector's requests all pass its gate, retries included", () => {
  it("Stripe (the SDK's HTTP client), small pages so the day takes several requests", async () => {
    sandbox = await startSandbox({ size: 120, runDates: [RUN_DATE], stripe: { faults: [{ type: "server_error", requests: [2, 4], status: 503 }] } });
    const { gate, passed } = countingGate();
    const connector = createStripeConnector({ apiKey: sandbox.stripe.apiKey, apiBase: sandbox.stripe.baseUrl, pageSize: 50, gate });
    expect(await drain(connector.fetch(DAY))).toBe(sandbox.truth("stripe", RUN_DATE).processorCount);
    expect(sandbox.stripe.requestCount()).toBeGreaterThanOrEqual(5); // three pages at least, and the two retries
    expect(passed()).toBe(sandbox.stripe.requestCount());
  });

  it("PayPal (axios-retry), the token request included", async () => {
    sandbox = await startSandbox({ size: 120, runDates: [RUN_DATE], paypal: { faults: FAULTS, lagSeconds: -2 * 86_400 } });
    const { gate, passed } = countingGate();
    const connector = createPaypalConnector({
      clientId: sandbox.paypal.clientId,
      clientSecret: sandbox.paypal.clientSecret,
      apiBase: sandbox.paypal.baseUrl,
      pageSize: 50,
      retryDelayMs: 1,
      gate,
    });
    expect(await drain(connector.fetch(DAY))).toBe(sandbox.truth("paypal", RUN_DATE).processorCount);
    expect(sandbox.paypal.requestCount()).toBeGreaterThanOrEqual(6);
    expect(passed()).toBe(sandbox.paypal.requestCount());
  });

  it("Square (the SDK's fetch, which its own retries go through too)", async () => {
    sandbox = await startSandbox({ size: 120, runDates: [RUN_DATE], square: { faults: FAULTS } });
    const { gate, passed } = countingGate();
    const connector = createSquareConnector({ accessToken: sandbox.square.accessToken, apiBase: sandbox.square.baseUrl, pageSize: 50, gate });
    expect(await drain(connector.fetch(DAY))).toBe(sandbox.truth("square", RUN_DATE).processorCount);
    expect(sandbox.square.requestCount()).toBeGreaterThanOrEqual(6);
    expect(passed()).toBe(sandbox.square.requestCount());
  });

  it("the ledger (axios-retry)", async () => {
    sandbox = await startSandbox({ size: 120, runDates: [RUN_DATE], ledger: { faults: FAULTS } });
    const { gate, passed } = countingGate();
    const connector = createLedgerConnector({ baseUrl: sandbox.ledger.baseUrl, token: sandbox.ledger.token, pageSize: 50, retryDelayMs: 1, gate });
    expect(await drain(connector.fetch("stripe", DAY))).toBeGreaterThan(0);
    expect(sandbox.ledger.requestCount()).toBeGreaterThanOrEqual(5);
    expect(passed()).toBe(sandbox.ledger.requestCount());
  });
});
