import { PermanentError, type ProcessorTransaction, type RejectedRecordInput } from "@recon/domain";
import { generateScenario, startSandbox, type Sandbox, type SandboxOptions } from "@recon/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchPage, FetchWindow } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { createPaypalConnector, PaypalDataNotReadyError, type PaypalConnectorOptions } from "./paypal-connector";

const RUN_DATE = "2025-10-09";
const DAY = { start: new Date("2025-10-09T00:00:00Z"), end: new Date("2025-10-10T00:00:00Z") };
const SEED = 4;
const SIZE = 1_200;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(paypal: SandboxOptions["paypal"] = {}, size = SIZE): Promise<Sandbox> {
  sandbox = await startSandbox({ seed: SEED, size, runDates: [RUN_DATE], paypal });
  return sandbox;
}

function connector(sb: Sandbox, overrides: Partial<PaypalConnectorOptions> = {}) {
  return createPaypalConnector({
    clientId: sb.paypal.clientId,
    clientSecret: sb.paypal.clientSecret,
    apiBase: sb.paypal.baseUrl,
    retryDelayMs: 10,
    ...overrides,
  });
}

async function collect(iterable: AsyncIterable<FetchPage<ProcessorTransaction>>) {
  const pages: FetchPage<ProcessorTransaction>[] = [];
  for await (const page of iterable) pages.push(page);
  const records = pages.flatMap((p) => p.records);
  const rejected: RejectedRecordInput[] = pages.flatMap((p) => p.rejected);
  return { pages, records, rejected };
}

const truth = (size = SIZE) => generateScenario({ processor: "paypal", runDate: RUN_DATE, seed: SEED, size });

describe("paypal connector against the sandbox (axios + axios-retry)", () => {
  it("pages through a day at 500 per page with one token, converting decimal strings exactly", async () => {
    const sb = await start();
    const { pages, records, rejected } = await collect(connector(sb).fetch(DAY));
    const expected = truth();
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.slice(0, -1).every((p) => p.records.length === 500)).toBe(true);
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(expected.truth.processorCount);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(records.length);
    expect(sb.paypal.tokenCount()).toBe(1);
    expect(sb.paypal.requestCount()).toBe(1 + pages.length);
    const byId = new Map(expected.raw.transactions.map((t) => [t.transaction_info.transaction_id, t.transaction_info]));
    for (const record of records) {
      const info = byId.get(record.externalId)!;
      expect(record.netMinor).toBe(record.grossMinor - record.feeMinor);
      if (info.transaction_event_code === "T1107") {
        expect(record.type).toBe("refund");
        expect(record.grossMinor < 0n).toBe(true);
        expect(record.relatedIds).toEqual([info.paypal_reference_id]);
      } else {
        expect(record.type).toBe("payment");
        expect(record.feeMinor > 0n).toBe(true);
        expect(record.reference).toBe(info.invoice_id);
      }
    }
    const jpy = records.find((r) => r.currency === "JPY")!;
    expect(byId.get(jpy.externalId)!.transaction_amount.value).toBe(jpy.grossMinor.toString());
  });

  it("retries a 429 (RATE_LIMIT_REACHED, Retry-After) and a 500, then succeeds", async () => {
    const sb = await start({ faults: [{ type: "rate_limit", requests: [2], retryAfterSeconds: 1 }, { type: "server_error", requests: [4], status: 503 }] });
    const started = Date.now();
    const { records } = await collect(connector(sb).fetch(DAY));
    expect(records).toHaveLength(truth().truth.processorCount);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // Retry-After honoured
    expect(sb.paypal.requestCount()).toBe(1 + 3 + 2);
  });

  it("retries a reply slower than the client timeout, and a truncated body", async () => {
    const sb = await start({ faults: [{ type: "slow", requests: [2], delayMs: 1_500 }, { type: "truncated", requests: [4] }] });
    const { records } = await collect(connector(sb, { timeoutMs: 400 }).fetch(DAY));
    expect(records).toHaveLength(truth().truth.processorCount);
    expect(sb.paypal.requestCount()).toBe(1 + 3 + 2);
  });

  it("fails at once, without retries, naming the credentials, when they are wrong", async () => {
    const sb = await start();
    const error = await collect(connector(sb, { clientSecret: "wrong-secret" }).fetch(DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect((error as Error).message).toMatch(/^PAYPAL_CLIENT_ID \/ PAYPAL_CLIENT_SECRET were rejected by PayPal \(401 invalid_client\)/);
    expect((error as Error).message).not.toContain("wrong-secret");
    expect(sb.paypal.requestCount()).toBe(1);
  });

  it("renews a token PayPal has revoked since it was cached (401 AUTHENTICATION_FAILURE) and carries on", async () => {
    const sb = await start({}, 50);
    const paypal = connector(sb);
    await collect(paypal.fetch(DAY));
    sb.paypal.expireTokens();
    const { records } = await collect(paypal.fetch(DAY));
    expect(records).toHaveLength(truth(50).truth.processorCount);
    expect(sb.paypal.tokenCount()).toBe(2);
    // One search for the first fetch; the refused one and its retry for the second.
    expect(sb.paypal.requestCount() - sb.paypal.tokenCount()).toBe(3);
  });

  it("quarantines a malformed record and still yields the rest of its page", async () => {
    const victim = truth().raw.transactions[600]!.transaction_info.transaction_id;
    const sb = await start({ corrupt: { [victim]: { transaction_amount: { currency_code: "USD", value: "12.345" } } } });
    const { pages, records, rejected } = await collect(connector(sb).fetch(DAY));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ source: "paypal", externalId: victim, reason: expect.stringMatching(/^transaction_info\.transaction_amount: .*more decimals than USD/) });
    expect(records).toHaveLength(truth().truth.processorCount - 1);
    expect(pages.map((p) => p.records.length + p.rejected.length).slice(0, 2)).toEqual([500, 500]);
  });

  it("keeps a transaction listed twice identically once, and quarantines both listings of one listed with different content", async () => {
    // In the order the emulator serves them: the differing twin comes early (a payment, so the
    // planted refund-like copy differs in sign and event code) and shifts the rest by one, so the
    // identical twin of the 499th lands at position 501, the first of page 2.
    const served = [...truth().raw.transactions].sort((a, b) =>
      a.transaction_info.transaction_initiation_date.localeCompare(b.transaction_info.transaction_initiation_date) || a.transaction_info.transaction_id.localeCompare(b.transaction_info.transaction_id),
    );
    const differing = served.slice(0, 100).find((t) => t.transaction_info.transaction_event_code === "T0006")!.transaction_info;
    const same = served[498]!.transaction_info;
    const sb = await start({
      duplicates: {
        [same.transaction_id]: {},
        [differing.transaction_id]: { transaction_amount: { ...differing.transaction_amount, value: "-" + differing.transaction_amount.value }, transaction_event_code: "T1107" },
      },
    });
    const { pages, records, rejected } = await collect(connector(sb).fetch(DAY));
    expect(records).toHaveLength(truth().truth.processorCount - 1);
    expect(records.filter((r) => r.externalId === same.transaction_id)).toHaveLength(1);
    expect(records.some((r) => r.externalId === differing.transaction_id)).toBe(false);
    expect(rejected).toHaveLength(2);
    for (const entry of rejected) {
      expect(entry.externalId).toBe(differing.transaction_id);
      expect(entry.reason).toBe(
        `transaction_info.transaction_id: ${differing.transaction_id} is listed 2 times in one fetch with different content (` +
          `transaction_info.transaction_amount.value: "${differing.transaction_amount.value}" ≠ "-${differing.transaction_amount.value}"; ` +
          `transaction_info.transaction_event_code: "T0006" ≠ "T1107"); PayPal's reporting ids are not unique, so no copy is stored`,
      );
    }
    expect(pages[0]!.records.at(-1)!.externalId).toBe(same.transaction_id);
    expect(pages[1]!.records[0]!.externalId).toBe(served[499]!.transaction_info.transaction_id);
    // Nothing else went missing: every page's listings are accounted for (the identical twin once).
    expect(pages.reduce((n, p) => n + p.records.length + p.rejected.length, 0)).toBe(truth().truth.processorCount + 1);
  });

  it("splits a window longer than 31 days, and halves a search PayPal finds too large", async () => {
    const sb = await start({ resultSetCap: 300 }, 20);
    const window: FetchWindow = { start: new Date("2025-09-01T00:00:00Z"), end: new Date("2025-10-10T00:00:00Z") };
    const { records } = await collect(connector(sb).fetch(window));
    let expected = 0;
    for (let day = window.start.getTime(); day < window.end.getTime(); day += 86_400_000) {
      expected += generateScenario({ processor: "paypal", runDate: new Date(day).toISOString().slice(0, 10), seed: SEED, size: 20 }).truth.processorCount;
    }
    expect(records).toHaveLength(expected);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(expected);
    const day = await collect(connector(sb).fetch(DAY));
    expect(day.records).toHaveLength(truth(20).truth.processorCount);
  });

  it("refuses, retryably, a window PayPal has not finished reporting (the 3-hour lag)", async () => {
    const sb = await start({}, 20);
    const now = Date.now();
    for (const window of [
      { start: new Date(now - 3_600_000), end: new Date(now) },
      { start: new Date(now - 5 * 3_600_000), end: new Date(now) },
    ]) {
      const error = await collect(connector(sb, { retries: 0 }).fetch(window)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PaypalDataNotReadyError);
      expect(error).not.toBeInstanceOf(PermanentError);
    }
  });
});
