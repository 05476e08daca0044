import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import {
  createScenarioStore,
  generateScenario,
  startSandbox,
  startSquareEmulator,
  type Sandbox,
  type SandboxOptions,
  type SquareEmulator,
  type SquareEmulatorOptions,
} from "@recon/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchPage } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { createSquareConnector, type SquareConnectorOptions } from "./square-connector";

const RUN_DATE = "2025-10-09";
const DAY = { start: new Date("2025-10-09T00:00:00Z"), end: new Date("2025-10-10T00:00:00Z") };
const SEED = 8;
const SIZE = 250;

let sandbox: Sandbox | undefined;
let emulator: SquareEmulator | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await emulator?.close();
  emulator = undefined;
});

/** The Square emulator alone, serving the scenario's payouts (startSandbox leaves them off). */
async function startWithPayouts(extra: Partial<SquareEmulatorOptions> = {}): Promise<SquareEmulator> {
  const store = createScenarioStore({ seed: SEED, size: SIZE });
  emulator = await startSquareEmulator({ store, defaultDates: [RUN_DATE], payouts: true, ...extra });
  return emulator;
}

async function start(square: SandboxOptions["square"] = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ seed: SEED, size: SIZE, runDates: [RUN_DATE], square });
  return sandbox;
}

function connector(sb: Pick<Sandbox, "square">, overrides: Partial<SquareConnectorOptions> = {}) {
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

describe("square connector against the sandbox (official SDK)", () => {
  it("pages payments (100 per page) and refunds, with bigint amounts and the order id as related id", async () => {
    const sb = await start();
    const { pages, records, rejected } = await collect(connector(sb).fetch(DAY));
    const s = scenario();
    expect(s.raw.refunds.length).toBeGreaterThan(0);
    // The last page is the (by default empty) payouts list.
    expect(pages.map((p) => p.records.length)).toEqual([100, 100, 50, s.raw.refunds.length, 0]);
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(s.truth.processorCount);
    expect(sb.square.requestCount()).toBe(5);
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
      } else {
        expect(record.type).toBe("refund");
        expect(record.grossMinor < 0n).toBe(true);
        expect(payments.has(record.relatedIds[0]!)).toBe(true);
      }
    }
  });

  it("lets the SDK retry a 429 (honouring Retry-After) and a 503, then succeeds", async () => {
    const sb = await start({ faults: [{ type: "rate_limit", requests: [1], retryAfterSeconds: 1 }, { type: "server_error", requests: [3], status: 503 }] });
    const started = Date.now();
    const { records } = await collect(connector(sb).fetch(DAY));
    expect(records).toHaveLength(scenario().truth.processorCount);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sb.square.requestCount()).toBe(7);
  });

  it("retries a reply slower than the client timeout, and a truncated body", async () => {
    const sb = await start({ faults: [{ type: "slow", requests: [2], delayMs: 2_000 }, { type: "truncated", requests: [4] }] });
    const { records } = await collect(connector(sb, { timeoutMs: 500 }).fetch(DAY));
    expect(records).toHaveLength(scenario().truth.processorCount);
    expect(sb.square.requestCount()).toBe(7);
  });

  it("fails at once, without retries, naming the token, when it is wrong", async () => {
    const sb = await start();
    const error = await collect(connector(sb, { accessToken: "EAAA-wrong" }).fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect((error as Error).message).toBe("SQUARE_ACCESS_TOKEN was rejected by Square (401 UNAUTHORIZED: This request could not be authorized.)");
    expect(sb.square.requestCount()).toBe(1);
  });

  it("quarantines a malformed record and still yields the rest of its page", async () => {
    const s = scenario();
    const ordered = [...s.raw.payments].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
    const victim = ordered[120]!.id;
    const sb = await start({ corrupt: { [victim]: { amount_money: { amount: "12.50", currency: "USD" }, total_money: null } } });
    const { pages, records, rejected } = await collect(connector(sb).fetch(DAY));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ source: "square", externalId: victim, reason: expect.stringMatching(/^amountMoney\.amount: /) });
    expect(records).toHaveLength(s.truth.processorCount - 1);
    expect(pages[1]!.records).toHaveLength(99);
  });

  it("pages payouts and their entries, as negative payout records linked to the payments they settle", async () => {
    const sq = await startWithPayouts();
    const s = scenario();
    expect(s.raw.payouts.length).toBeGreaterThanOrEqual(1);
    const { pages, records, rejected } = await collect(connector({ square: sq }, { payoutEntryPageSize: 40 }).fetch(DAY));
    expect(rejected).toEqual([]);
    const payouts = records.filter((r) => r.type === "payout");
    expect(payouts.map((r) => r.externalId)).toEqual(s.raw.payouts.map((p) => p.id));
    expect(pages.at(-1)!.records).toEqual(payouts);
    expect(records).toHaveLength(s.truth.processorCount + s.raw.payouts.length);
    // 3 payments pages + 1 refunds page + 1 payouts page + every payout's entries at 40 per page (>= 2 pages for one).
    const entryPages = s.raw.payouts.map((p) => Math.ceil(s.raw.payoutEntries[p.id]!.length / 40));
    expect(Math.max(...entryPages)).toBeGreaterThanOrEqual(2);
    expect(sq.requestCount()).toBe(5 + entryPages.reduce((a, b) => a + b, 0));
    const paymentIds = new Set(s.raw.payments.map((p) => p.id));
    for (const raw of s.raw.payouts) {
      const record = payouts.find((r) => r.externalId === raw.id)!;
      expect(record).toMatchObject({ grossMinor: -BigInt(raw.amount_money.amount), feeMinor: 0n, netMinor: -BigInt(raw.amount_money.amount), currency: raw.amount_money.currency, status: "succeeded", rawStatus: "PAID" });
      const entries = s.raw.payoutEntries[raw.id]!;
      const expected = [...new Set(entries.map((e) => e.type_charge_details?.payment_id ?? e.type_refund_details?.payment_id).filter((id) => id !== undefined))];
      expect(record.relatedIds).toEqual(expected);
      expect(record.relatedIds.every((id) => paymentIds.has(id))).toBe(true);
      expect((record.raw as { entries: unknown[] }).entries).toHaveLength(entries.length);
    }
    expect(s.raw.payouts.some((p) => s.raw.payoutEntries[p.id]!.some((e) => e.type === "REFUND"))).toBe(true);
  });

  it("quarantines a payout whose entries do not add up to its amount", async () => {
    const s = scenario();
    const victim = s.raw.payouts[0]!;
    const sq = await startWithPayouts({ corrupt: { [victim.id]: { amount_money: { amount: victim.amount_money.amount + 1, currency: victim.amount_money.currency } } } });
    const { records, rejected } = await collect(connector({ square: sq }).fetch(DAY));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      source: "square",
      externalId: victim.id,
      reason: `entries: their nets add up to ${victim.amount_money.amount}, not the payout amount ${victim.amount_money.amount + 1}`,
    });
    expect(records.filter((r) => r.type === "payout")).toHaveLength(s.raw.payouts.length - 1);
  });
});
