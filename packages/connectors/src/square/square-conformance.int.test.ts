// Conformance of the Square connector (official `square` SDK) and the Square emulator with
// Square's own API description (packages/sandbox/api-descriptions/square.json, cut from
// square/connect-api-specification): every request the connector sends over a whole day of every
// location, and through faults, must ask only what the description allows, and every reply the
// emulator sends must validate against it.
//
// Square's description gives only a 200 reply for these operations, with no error response; but
// each List*Response carries `errors: Error[]`, and Square sends its errors (401, 403, 429, 5xx)
// as exactly that body. So an error reply is validated against the operation's 200 schema, and
// must moreover name at least one error: otherwise `{}` would pass for an error.
import type { ProcessorTransaction } from "@recon/domain";
import { generateScenario, startSandbox, type Exchange, type Sandbox, type SandboxOptions } from "@recon/sandbox";
import { loadApiDescription } from "@recon/sandbox/conformance";
import { afterEach, describe, expect, it } from "vitest";
import { createSquareConnector, type SquareConnectorOptions } from "./square-connector";

const RUN_DATE = "2025-10-09";
const DAY = { start: new Date("2025-10-09T00:00:00Z"), end: new Date("2025-10-10T00:00:00Z") };
const SEED = 4;
const SIZE = 260;
const square = loadApiDescription("square");

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions["square"] = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ seed: SEED, size: SIZE, runDates: [RUN_DATE], square: options, recordExchanges: true });
  return sandbox;
}

async function fetchDay(sb: Sandbox, overrides: Partial<SquareConnectorOptions> = {}): Promise<{ records: ProcessorTransaction[]; error?: unknown }> {
  const connector = createSquareConnector({ accessToken: sb.square.accessToken, apiBase: sb.square.baseUrl, retryDelayMs: 10, ...overrides });
  const records: ProcessorTransaction[] = [];
  try {
    for await (const page of connector.fetch(DAY)) records.push(...page.records);
    return { records };
  } catch (error) {
    return { records, error };
  }
}

/** The description's path template of a recorded path. */
function templateOf(path: string): string {
  return /^\/v2\/payouts\/[^/]+\/payout-entries$/.test(path) ? "/v2/payouts/{payout_id}/payout-entries" : path;
}

/** Every problem of every recorded exchange, as `METHOD path status: problem`. */
function problemsOf(exchanges: readonly Exchange[]): string[] {
  const problems: string[] = [];
  for (const exchange of exchanges) {
    const path = templateOf(exchange.path);
    const at = `${exchange.method} ${exchange.path}?${exchange.query.toString()}`;
    for (const problem of square.queryProblems(exchange.method, path, exchange.query)) problems.push(`${at} (query): ${problem}`);
    // A reply cut on purpose (the truncated fault) or abandoned by the client (slow) was never sent whole.
    if (exchange.status === undefined) continue;
    const isError = exchange.status >= 400;
    const checkedAs = isError ? 200 : exchange.status;
    for (const problem of square.responseProblems(exchange.method, path, checkedAs, exchange.body)) problems.push(`${at} ${exchange.status}: ${problem}`);
    const errors = (exchange.body as { errors?: unknown[] } | undefined)?.errors;
    if (isError && !(Array.isArray(errors) && errors.length > 0)) problems.push(`${at} ${exchange.status}: an error reply without errors`);
  }
  return problems;
}

const answered = (exchanges: readonly Exchange[]) => exchanges.filter((e) => e.status !== undefined);

describe("square: the connector and the emulator against Square's API description", () => {
  it("conform over a whole day of every location: locations, payments, refunds, payouts and their entries", async () => {
    const sb = await start();
    const { records, error } = await fetchDay(sb, { payoutEntryPageSize: 50 });
    expect(error).toBeUndefined();
    expect(records).toHaveLength(generateScenario({ processor: "square", runDate: RUN_DATE, seed: SEED, size: SIZE }).truth.processorCount);
    const exchanges = sb.square.exchanges();
    expect(new Set(exchanges.map((e) => templateOf(e.path)))).toEqual(
      new Set(["/v2/locations", "/v2/payments", "/v2/refunds", "/v2/payouts", "/v2/payouts/{payout_id}/payout-entries"]),
    );
    // Paged lists (cursors), every location named, payouts in both money shapes: the day exercises what the check reads.
    expect(exchanges.some((e) => e.query.has("cursor") && e.path === "/v2/payments")).toBe(true);
    expect(exchanges.some((e) => e.query.has("cursor") && e.path.endsWith("/payout-entries"))).toBe(true);
    expect(new Set(exchanges.filter((e) => e.path === "/v2/payments").map((e) => e.query.get("location_id"))).size).toBe(3);
    expect(JSON.stringify(exchanges.map((e) => e.body))).toContain('"currency_code"');
    expect(problemsOf(exchanges)).toEqual([]);
  });

  it("conform through a 429, 500, 502 and 503, a slow and a truncated reply", { timeout: 30_000 }, async () => {
    const sb = await start({
      faults: [
        { type: "rate_limit", requests: [1, 6], retryAfterSeconds: 1 },
        { type: "server_error", requests: [2], status: 500 },
        { type: "server_error", requests: [4], status: 502 },
        { type: "server_error", requests: [9], status: 503 },
        { type: "slow", requests: [12], delayMs: 1_500 },
        { type: "truncated", requests: [14] },
      ],
    });
    const { error } = await fetchDay(sb, { timeoutMs: 500 });
    expect(error).toBeUndefined();
    const statuses = answered(sb.square.exchanges()).map((e) => e.status);
    for (const status of [429, 500, 502, 503]) expect(statuses).toContain(status);
    expect(problemsOf(sb.square.exchanges())).toEqual([]);
  });

  it("conform when the token is refused (401) or lacks a scope (403)", async () => {
    const wrong = await start();
    expect((await fetchDay(wrong, { accessToken: "EAAA-wrong" })).error).toBeDefined();
    expect(answered(wrong.square.exchanges()).map((e) => e.status)).toEqual([401]);
    expect(problemsOf(wrong.square.exchanges())).toEqual([]);
    await wrong.close();

    const scoped = await start({ scopes: ["MERCHANT_PROFILE_READ", "PAYMENTS_READ"] });
    expect((await fetchDay(scoped)).error).toBeDefined();
    expect(answered(scoped.square.exchanges()).at(-1)!.status).toBe(403);
    expect(problemsOf(scoped.square.exchanges())).toEqual([]);
  });

  it("conform in the emulator's refusals of bad requests (400, 404)", async () => {
    const sb = await start();
    const get = (path: string) => fetch(`${sb.square.baseUrl}${path}`, { headers: { authorization: `Bearer ${sb.square.accessToken}` } });
    expect((await get("/v2/payments?cursor=garbage")).status).toBe(400);
    expect((await get("/v2/payouts?status=LOST")).status).toBe(400);
    expect((await get("/v2/refunds?begin_time=yesterday")).status).toBe(400);
    expect((await get("/v2/payments?location_id=LNOPE")).status).toBe(404);
    expect((await get("/v2/payouts/po_unknown/payout-entries")).status).toBe(404);
    // Only the replies are ours here: the queries above are wrong on purpose (status=LOST is not a PayoutStatus).
    const replies = sb.square.exchanges().map((e) => ({ ...e, query: new URLSearchParams() }));
    expect(problemsOf(replies)).toEqual([]);
  });

  it("can fail: a served record that breaks the description, an error without errors, a parameter it does not describe", async () => {
    const s = generateScenario({ processor: "square", runDate: RUN_DATE, seed: SEED, size: SIZE });
    const victim = s.raw.payments.find((p) => p.location_id === "LSANDBOX0PIER")!;
    const payout = s.raw.payouts[0]!;
    const sb = await start({ corrupt: { [victim.id]: { status: 42 }, [payout.id]: { amount_money: { amount: "12.50", currency: "USD" } } } });
    await fetchDay(sb);
    const problems = problemsOf(sb.square.exchanges());
    expect(problems.some((p) => p.includes("/v2/payments") && p.includes("/payments/") && p.includes("/status must be string"))).toBe(true);
    expect(problems.some((p) => p.includes("/v2/payouts") && p.includes("/amount_money/amount must be integer"))).toBe(true);
    const forged: Exchange[] = [
      { method: "GET", path: "/v2/payouts", query: new URLSearchParams("begin_time=2025-10-09T00:00:00Z&page=2"), receivedAt: 0, status: 429, body: {} },
      { method: "GET", path: "/v2/refunds", query: new URLSearchParams(), receivedAt: 0, status: 500, body: { errors: [{ category: "SERVER_ERROR", code: "INTERNAL_SERVER_ERROR" }] } },
    ];
    expect(problemsOf(forged)).toEqual([
      "GET /v2/payouts?begin_time=2025-10-09T00%3A00%3A00Z&page=2 (query): query parameter page is not in the description",
      "GET /v2/payouts?begin_time=2025-10-09T00%3A00%3A00Z&page=2 429: an error reply without errors",
      expect.stringMatching(/^GET \/v2\/refunds\? 500: \/errors\/0\/category must be equal to one of the allowed values/),
    ]);
  });
});
