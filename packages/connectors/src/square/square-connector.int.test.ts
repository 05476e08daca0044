import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import { generateScenario, SQUARE_MAIN_LOCATION_ID, SQUARE_SANDBOX_LOCATIONS, startSandbox, type Sandbox, type SandboxOptions } from "@recon/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchPage } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { createSquareConnector, type SquareConnectorOptions } from "./square-connector";

const RUN_DATE = "2025-10-09";
const DAY = { start: new Date("2025-10-09T00:00:00Z"), end: new Date("2025-10-10T00:00:00Z") };
const SEED = 8;
const SIZE = 250;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(square: SandboxOptions["square"] = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ seed: SEED, size: SIZE, runDates: [RUN_DATE], square, recordExchanges: true });
  return sandbox;
}

function connector(sb: Sandbox, overrides: Partial<SquareConnectorOptions> = {}) {
  return createSquareConnector({ accessToken: sb.square.accessToken, apiBase: sb.square.baseUrl, retryDelayMs: 10, ...overrides });
}

async function collect(iterable: AsyncIterable<FetchPage<ProcessorTransaction>>) {
  const pages: FetchPage<ProcessorTransaction>[] = [];
  for await (const page of iterable) pages.push(page);
  const records = pages.flatMap((p) => p.records);
  const rejected: RejectedRecordInput[] = pages.flatMap((p) => p.rejected);
  return { pages, records, rejected };
}

const scenario = () => generateScenario({ processor: "square", runDate: RUN_DATE, seed: SEED, size: SIZE });
const pagesOf = (count: number, limit = 100) => Math.max(1, Math.ceil(count / limit));
/** ListLocations' order: alphabetically by name. */
const locationIds = [...SQUARE_SANDBOX_LOCATIONS].sort((a, b) => a.name.localeCompare(b.name)).map((l) => l.id);

/** The requests a clean fetch of the day makes: locations, each location's payments, the refunds, each location's payouts and their entries. */
function expectedRequests(entryLimit = 100): number {
  const s = scenario();
  const at = <T extends { location_id: string }>(items: T[], id: string) => items.filter((i) => i.location_id === id).length;
  return (
    1 +
    locationIds.reduce((n, id) => n + pagesOf(at(s.raw.payments, id)), 0) +
    pagesOf(s.raw.refunds.length) +
    locationIds.reduce((n, id) => n + pagesOf(at(s.raw.payouts, id)), 0) +
    s.raw.payouts.reduce((n, p) => n + pagesOf(s.raw.payoutEntries[p.id]!.length, entryLimit), 0)
  );
}

describe("square connector against the sandbox (official SDK)", () => {
  it("lists the locations, then every location's payments and payouts, and the refunds of all locations once", async () => {
    const sb = await start();
    const s = scenario();
    const { records, rejected } = await collect(connector(sb).fetch(DAY));
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(s.truth.processorCount);
    expect(sb.square.requestCount()).toBe(expectedRequests());

    const asked = sb.square.exchanges().map((e) => `${e.path}${e.query.has("location_id") ? `@${e.query.get("location_id")}` : ""}`);
    expect(asked[0]).toBe("/v2/locations");
    // Every location (the inactive one included) is asked for explicitly; without location_id Square answers for the main one only.
    for (const path of ["/v2/payments", "/v2/payouts"]) {
      expect([...new Set(asked.filter((a) => a.startsWith(`${path}@`)))]).toEqual(locationIds.map((id) => `${path}@${id}`));
      expect(asked).not.toContain(path);
    }
    expect(asked.filter((a) => a.startsWith("/v2/refunds"))).toEqual(["/v2/refunds"]);

    for (const location of SQUARE_SANDBOX_LOCATIONS) {
      const stored = records.filter((r) => r.merchantId === location.id);
      const served = [...s.raw.payments, ...s.raw.refunds, ...s.raw.payouts].filter((r) => r.location_id === location.id);
      expect(stored.map((r) => r.externalId).sort(), location.id).toEqual(served.map((r) => r.id).sort());
      expect(stored.length, location.id).toBeGreaterThan(0);
    }
    expect(records.filter((r) => r.merchantId !== SQUARE_MAIN_LOCATION_ID).map((r) => r.type)).toEqual(expect.arrayContaining(["payment", "refund", "payout"]));

    const payments = new Map(s.raw.payments.map((p) => [p.id, p]));
    for (const record of records) {
      expect(record.netMinor).toBe(record.grossMinor - record.feeMinor);
      if (record.type === "payment") {
        const raw = payments.get(record.externalId)!;
        expect(record.grossMinor).toBe(BigInt(raw.total_money.amount));
        expect(record.feeMinor).toBe(BigInt(raw.processing_fee[0]!.amount_money.amount));
        expect(record.relatedIds).toEqual([raw.order_id]);
        expect(record.reference).toBe(raw.reference_id);
        expect(record.status).toBe("succeeded");
      } else if (record.type === "refund") {
        expect(record.grossMinor < 0n).toBe(true);
        // Square gives back its share of the processing fee: a negative fee.
        expect(record.feeMinor <= 0n).toBe(true);
        expect(payments.has(record.relatedIds[0]!)).toBe(true);
      }
    }
  });

  it("reads payouts and entries in both of Square's money shapes: the SDK passes currency_code through under that key", async () => {
    const sb = await start();
    const s = scenario();
    const { records } = await collect(connector(sb).fetch(DAY));
    const payouts = records.filter((r) => r.type === "payout");
    expect(payouts.map((r) => r.externalId).sort()).toEqual(s.raw.payouts.map((p) => p.id).sort());
    const shapes = new Set<string>();
    for (const record of payouts) {
      const raw = s.raw.payouts.find((p) => p.id === record.externalId)!;
      const sdk = record.raw as { payout: { amountMoney: Record<string, unknown> }; entries: Array<{ netAmountMoney: Record<string, unknown> }> };
      // What the SDK handed over: camelCase field, bigint amount, and the currency key exactly as Square wrote it.
      const written = "currency" in raw.amount_money ? "currency" : "currency_code";
      expect(Object.keys(sdk.payout.amountMoney).sort()).toEqual(["amount", written].sort());
      expect(typeof sdk.payout.amountMoney.amount).toBe("bigint");
      for (const entry of sdk.entries) shapes.add(Object.keys(entry.netAmountMoney).sort().join(","));
      shapes.add(Object.keys(sdk.payout.amountMoney).sort().join(","));

      const fee = (raw.payout_fee ?? []).reduce((sum, f) => sum + f.amount_money.amount, 0);
      expect(record).toMatchObject({ grossMinor: -BigInt(raw.amount_money.amount), feeMinor: BigInt(fee), netMinor: -BigInt(raw.amount_money.amount + fee), status: "succeeded", rawStatus: "PAID", merchantId: raw.location_id });
      const entries = s.raw.payoutEntries[raw.id]!;
      const expected = [...new Set(entries.flatMap((e) => [e.type_charge_details?.payment_id, e.type_refund_details?.payment_id]).filter((id) => id !== undefined))];
      expect(record.relatedIds).toEqual(expected);
      expect(sdk.entries).toHaveLength(entries.length);
    }
    expect(shapes).toEqual(new Set(["amount,currency", "amount,currency_code"]));
    // The instant transfer carries a transfer fee; some refund entry gives a fee back.
    expect(payouts.some((r) => r.feeMinor > 0n)).toBe(true);
    expect(Object.values(s.raw.payoutEntries).flat().some((e) => e.type === "REFUND" && e.fee_amount_money.amount < 0)).toBe(true);
  });

  it("pages a payout's entries (40 per page)", async () => {
    const sb = await start();
    const s = scenario();
    const { records, rejected } = await collect(connector(sb, { payoutEntryPageSize: 40 }).fetch(DAY));
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(s.truth.processorCount);
    expect(Math.max(...s.raw.payouts.map((p) => s.raw.payoutEntries[p.id]!.length))).toBeGreaterThan(80);
    expect(sb.square.requestCount()).toBe(expectedRequests(40));
  });

  it("lets the SDK retry a 429 (honouring Retry-After) and a 503, then succeeds", async () => {
    const sb = await start({ faults: [{ type: "rate_limit", requests: [1], retryAfterSeconds: 1 }, { type: "server_error", requests: [3], status: 503 }] });
    const started = Date.now();
    const { records } = await collect(connector(sb).fetch(DAY));
    expect(records).toHaveLength(scenario().truth.processorCount);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sb.square.requestCount()).toBe(expectedRequests() + 2);
  });

  it("retries a reply slower than the client timeout, and a truncated body", async () => {
    const sb = await start({ faults: [{ type: "slow", requests: [2], delayMs: 2_000 }, { type: "truncated", requests: [4] }] });
    const { records } = await collect(connector(sb, { timeoutMs: 500 }).fetch(DAY));
    expect(records).toHaveLength(scenario().truth.processorCount);
    expect(sb.square.requestCount()).toBe(expectedRequests() + 2);
  });

  it("fails at once, without retries, naming the token, when it is wrong", async () => {
    const sb = await start();
    const error = await collect(connector(sb, { accessToken: "EAAA-wrong" }).fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect((error as Error).message).toBe("SQUARE_ACCESS_TOKEN was rejected by Square (401 UNAUTHORIZED: This request could not be authorized.)");
    expect(sb.square.requestCount()).toBe(1);
  });

  it("fails at once naming the scope when the token may not list locations, or payouts", async () => {
    const noProfile = await start({ scopes: ["PAYMENTS_READ", "PAYOUTS_READ"] });
    const error = await collect(connector(noProfile).fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect((error as Error).message).toMatch(/^SQUARE_ACCESS_TOKEN may not list the seller's locations: grant it the MERCHANT_PROFILE_READ scope \(403 INSUFFICIENT_SCOPES: /);
    expect(noProfile.square.requestCount()).toBe(1);
    await noProfile.close();

    const noPayouts = await start({ scopes: ["MERCHANT_PROFILE_READ", "PAYMENTS_READ"] });
    const payoutsError = await collect(connector(noPayouts).fetch(DAY)).catch((e: unknown) => e);
    expect((payoutsError as Error).message).toMatch(/^SQUARE_ACCESS_TOKEN may not list payouts: grant it the PAYOUTS_READ scope \(403 INSUFFICIENT_SCOPES: /);
  });

  it("quarantines a malformed record of a non-main location and still yields the rest of its page", async () => {
    const s = scenario();
    const pier = s.raw.payments.filter((p) => p.location_id === "LSANDBOX0PIER");
    const victim = pier[Math.floor(pier.length / 2)]!.id;
    const sb = await start({ corrupt: { [victim]: { amount_money: { amount: "12.50", currency: "USD" }, total_money: null } } });
    const { records, rejected } = await collect(connector(sb).fetch(DAY));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ source: "square", externalId: victim, reason: expect.stringMatching(/^amountMoney\.amount: /) as string });
    expect(records).toHaveLength(s.truth.processorCount - 1);
    expect(records.filter((r) => r.merchantId === "LSANDBOX0PIER" && r.type === "payment")).toHaveLength(pier.length - 1);
  });

  it("fails at once, saying why, when a page holds a fractional amount (the SDK cannot parse the page)", async () => {
    const s = scenario();
    const victim = s.raw.payments.find((p) => p.location_id === "LSANDBOX0PIER")!;
    const sb = await start({ corrupt: { [victim.id]: { total_money: { amount: 12.5, currency: "USD" } } } });
    const error = await collect(connector(sb).fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect((error as Error).message).toBe(
      "Square's reply could not be read when trying to list payments: The number 12.5 cannot be converted to a BigInt because it is not an integer (the square SDK refuses the whole page)",
    );
  });

  it("quarantines a payout whose entries do not add up to its amount", async () => {
    const s = scenario();
    const victim = s.raw.payouts.find((p) => p.location_id !== SQUARE_MAIN_LOCATION_ID)!;
    const amount = victim.amount_money.amount;
    const sb = await start({ corrupt: { [victim.id]: { amount_money: { ...victim.amount_money, amount: amount + 1 } } } });
    const { records, rejected } = await collect(connector(sb).fetch(DAY));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ source: "square", externalId: victim.id, reason: `entries: their nets add up to ${amount}, not the payout amount ${amount + 1}` });
    expect(records.filter((r) => r.type === "payout")).toHaveLength(s.raw.payouts.length - 1);
  });
});
