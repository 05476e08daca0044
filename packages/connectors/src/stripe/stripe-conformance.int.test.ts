// Conformance against Stripe's own API description (api-descriptions/stripe.json, API version
// 2023-08-16): the real connector, through the official SDK, fetches whole sandbox days, with and
// without faults, and every request it sent and every reply the emulator gave must conform: each
// query to GET /v1/balance_transactions' parameters, each list (balance transactions and every
// expanded source object) and each error body to the described schemas.
import { startSandbox, type Exchange, type Sandbox, type SandboxOptions } from "@recon/sandbox";
import { loadApiDescription } from "@recon/sandbox/conformance";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchWindow } from "../connector";
import { createStripeConnector } from "./stripe-connector";

const RUN_DATE = "2024-03-01";
const DAY: FetchWindow = { start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-02T00:00:00Z") };
const LIST = "/v1/balance_transactions";
const stripeApi = loadApiDescription("stripe");

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ seed: 13, runDates: [RUN_DATE], recordExchanges: true, ...options });
  return sandbox;
}

/** Every problem with the recorded exchanges, as `<status> <query>: <problem>`; empty when all conform. */
function problemsOf(exchanges: readonly Exchange[]): string[] {
  const problems: string[] = [];
  for (const exchange of exchanges) {
    expect(exchange.path).toBe(LIST);
    const where = `${exchange.status ?? "cut"} ?${exchange.query.toString()}`;
    for (const problem of stripeApi.queryProblems(exchange.method, LIST, exchange.query)) problems.push(`${where}: ${problem}`);
    // A truncated reply never had a whole body to check.
    if (exchange.status === undefined) continue;
    for (const problem of stripeApi.responseProblems(exchange.method, LIST, exchange.status, exchange.body)) problems.push(`${where}: ${problem}`);
  }
  return problems;
}

/** Drains the connector over a window; what it threw, if anything. */
async function drain(sb: Sandbox, window: FetchWindow, apiKey = sb.stripe.apiKey): Promise<unknown> {
  const connector = createStripeConnector({ apiKey, apiBase: sb.stripe.baseUrl, timeoutMs: 500 });
  try {
    for await (const page of connector.fetch(window)) void page;
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The day in four slices, as the fetch jobs ask for it. */
const SLICES: FetchWindow[] = [0, 1, 2, 3].map((i) => ({
  start: new Date(DAY.start.getTime() + i * 21_600_000),
  end: new Date(DAY.start.getTime() + (i + 1) * 21_600_000),
}));

interface ListBody {
  data: Array<{ type: string; reporting_category: string; source: { object?: string } | string | null }>;
}

describe("the Stripe connector and emulator against Stripe's API description", () => {
  it("conform on a whole day, every balance transaction type and expanded source included", async () => {
    const sb = await start();
    expect(await drain(sb, DAY)).toBeUndefined();
    for (const slice of SLICES) expect(await drain(sb, slice)).toBeUndefined();
    const exchanges = sb.stripe.exchanges();
    expect(exchanges.length).toBeGreaterThanOrEqual(3 + SLICES.length);
    expect(exchanges.every((e) => e.status === 200)).toBe(true);
    expect(problemsOf(exchanges)).toEqual([]);
    // The check saw every kind the day holds, each with its source object expanded.
    const kinds = new Set(
      exchanges.flatMap((e) =>
        (e.body as ListBody).data.map((t) => `${t.type}/${t.reporting_category}/${typeof t.source === "object" && t.source !== null ? t.source.object : String(t.source)}`),
      ),
    );
    expect([...kinds].sort()).toEqual([
      "adjustment/dispute/dispute",
      "adjustment/dispute_reversal/dispute",
      "adjustment/other_adjustment/null",
      "application_fee/platform_earning/application_fee",
      "charge/charge/charge",
      "payout/payout/payout",
      "refund/refund/refund",
      "stripe_fee/fee/null",
      "topup/topup/topup",
      "transfer/transfer/transfer",
    ]);
  });

  it("conform through faults: a 500 the SDK retries, 429s with and without Retry-After, a slow reply, a cut body and a rejected key", async () => {
    const sb = await start({
      stripe: {
        faults: [
          { type: "server_error", requests: [2], status: 503 },
          { type: "rate_limit", requests: [5] },
          { type: "rate_limit", requests: [6], retryAfterSeconds: null },
          { type: "slow", requests: [7], delayMs: 2_000 },
          { type: "truncated", requests: [11] },
          { type: "server_error", requests: [12] },
        ],
      },
    });
    expect(await drain(sb, DAY)).toBeUndefined(); // 1, 2 (503), 3 (retried), 4
    expect(await drain(sb, DAY)).toMatchObject({ name: "RateLimitedError", retryAfterMs: 1_000 }); // 5
    expect(await drain(sb, DAY)).toMatchObject({ name: "RateLimitedError", retryAfterMs: undefined }); // 6
    expect(await drain(sb, DAY)).toBeUndefined(); // 7 (too slow), 8 (retried), 9, 10
    expect(await drain(sb, DAY)).toBeInstanceOf(Error); // 11 (cut), which the SDK does not retry
    expect(await drain(sb, SLICES[0]!)).toBeUndefined(); // 12 (500), 13
    expect(await drain(sb, DAY, "sk_test_wrong")).toMatchObject({ message: "STRIPE_API_KEY was rejected by Stripe (401)" }); // 14
    const statuses = sb.stripe.exchanges().map((e) => e.status);
    expect(new Set(statuses)).toEqual(new Set([200, 401, 429, 500, 503, undefined]));
    expect(problemsOf(sb.stripe.exchanges())).toEqual([]);
  });

  it("conform on the payout filter and on the emulator's own refusals (400, 404)", async () => {
    const sb = await start();
    // The payout filter through the SDK: what a payout of the day paid out, sources expanded.
    const stripe = new Stripe(sb.stripe.apiKey, { host: "127.0.0.1", port: Number(new URL(sb.stripe.baseUrl).port), protocol: "http" });
    const { data } = await stripe.balanceTransactions.list({ type: "payout", created: { gte: DAY.start.getTime() / 1000, lt: DAY.end.getTime() / 1000 }, limit: 10 });
    expect(data.length).toBeGreaterThan(0);
    const paidOut = [];
    for await (const txn of stripe.balanceTransactions.list({ payout: data[0]!.source as string, limit: 100, expand: ["data.source"] })) paidOut.push(txn);
    expect(paidOut.length).toBeGreaterThan(1);
    expect(paidOut.reduce((sum, txn) => sum + txn.net, 0)).toBe(0); // what it paid out, and the payout itself
    const refusals = ["limit=0", "limit=abc", "payout=po_unknown", "starting_after=txn_unknown", "expand[]=data.nope", "created[gte]=yesterday"];
    for (const query of refusals) {
      const res = await fetch(`${sb.stripe.baseUrl}${LIST}?${query}`, { headers: { authorization: `Bearer ${sb.stripe.apiKey}` } });
      expect(res.status, query).toBe(400);
    }
    expect(problemsOf(sb.stripe.exchanges().filter((e) => e.status === 200))).toEqual([]);
    // The refused queries break the description on purpose; their error bodies must still conform.
    const refused = sb.stripe.exchanges().filter((e) => e.status === 400);
    expect(refused).toHaveLength(refusals.length);
    for (const e of refused) expect(stripeApi.responseProblems("GET", LIST, 400, e.body), e.query.toString()).toEqual([]);
    const notFound = await fetch(`${sb.stripe.baseUrl}/v1/charges`, { headers: { authorization: `Bearer ${sb.stripe.apiKey}` } });
    expect(notFound.status).toBe(404);
    // Stripe describes one error schema for every operation; GET /v1/charges is not in the fragment.
    expect(stripeApi.responseProblems("GET", LIST, 404, await notFound.json())).toEqual([]);
  });

  it("catches a reply that breaks the description: a corrupted source object, a float amount, a bad query", async () => {
    const clean = await start();
    const refund = await (async () => {
      for await (const page of createStripeConnector({ apiKey: clean.stripe.apiKey, apiBase: clean.stripe.baseUrl }).fetch(DAY)) {
        const found = page.records.find((r) => r.type === "refund");
        if (found) return found.externalId;
      }
      throw new Error("no refund in the day");
    })();
    const charge = clean.stripe.exchanges().flatMap((e) => (e.body as { data: Array<{ id: string; type: string }> }).data).find((t) => t.type === "charge")!.id;
    await clean.close();
    sandbox = undefined;
    const sb = await start({
      stripe: { corrupt: { [refund]: { source: { id: "re_broken", object: "refund", charge: 42 } }, [charge]: { amount: 12.5 } } },
    });
    await drain(sb, DAY);
    const problems = problemsOf(sb.stripe.exchanges());
    expect(problems.some((p) => /\/data\/\d+\/source must have required property 'amount'/.test(p))).toBe(true);
    expect(problems.some((p) => /\/data\/\d+\/amount must be integer/.test(p))).toBe(true);
    // And a query Stripe would not take: a date that is not a Unix time, a parameter it does not have.
    const queryProblems = stripeApi.queryProblems("GET", LIST, new URLSearchParams("created[gte]=soon&limit=100&expand[0]=data.source&sort=asc"));
    expect(queryProblems).toContain("query parameter sort is not in the description");
    expect(queryProblems.some((p) => p.startsWith("query parameter created"))).toBe(true);
  });
});
