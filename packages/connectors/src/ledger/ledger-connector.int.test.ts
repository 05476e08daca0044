import type { InternalTransaction, RejectedRecordInput } from "@recon/domain";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchPage } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { generateScenario, startSandbox, type Sandbox, type SandboxOptions } from "@recon/sandbox";
import { createLedgerConnector } from "./ledger-connector";

const RUN_DATE = "2024-03-01";
const DAY = { start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-02T00:00:00Z") };
const SEED = 8;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ seed: SEED, runDates: [RUN_DATE], ...options });
  return sandbox;
}

async function collect(iterable: AsyncIterable<FetchPage<InternalTransaction>>) {
  const pages: FetchPage<InternalTransaction>[] = [];
  for await (const page of iterable) pages.push(page);
  const rejected: RejectedRecordInput[] = pages.flatMap((p) => p.rejected);
  return { pages, records: pages.flatMap((p) => p.records), rejected };
}

describe("ledger connector against the sandbox (real axios)", () => {
  it("follows next_cursor through the day", async () => {
    const sb = await start();
    const connector = createLedgerConnector({ baseUrl: sb.ledger.baseUrl, token: sb.ledger.token, pageSize: 80 });
    const { pages, records, rejected } = await collect(connector.fetch("stripe", DAY));
    const truth = sb.truth("stripe", RUN_DATE);
    expect(pages.length).toBe(Math.ceil(truth.internalCount / 80));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(truth.internalCount);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(truth.internalCount);
    // Read as served: statuses (refunded charges, payouts in transit) and fees (null where the ledger expects none).
    const served = new Map(generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: SEED }).ledger.map((row) => [row.id, row]));
    for (const record of records) {
      const row = served.get(record.externalId)!;
      expect(record.processor).toBe("stripe");
      expect(record.status).toBe(row.status);
      expect(record.feeMinor === null).toBe(row.fee === null);
    }
    expect(records.some((r) => r.status !== "succeeded")).toBe(true);
    expect(records.some((r) => r.feeMinor === null)).toBe(true);
  });

  it("fails permanently, without retries, on a wrong token", async () => {
    const sb = await start();
    const connector = createLedgerConnector({ baseUrl: sb.ledger.baseUrl, token: "nope", retryDelayMs: 1 });
    const error = await collect(connector.fetch("stripe", DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect((error as Error).message).toMatch(/INTERNAL_API_TOKEN was rejected by the ledger API \(401\)/);
    expect(sb.ledger.requestCount()).toBe(1);
  });

  it("names a bad parameter as a permanent error", async () => {
    const sb = await start();
    const connector = createLedgerConnector({ baseUrl: sb.ledger.baseUrl, token: sb.ledger.token, pageSize: 5_000 });
    const error = await collect(connector.fetch("paypal", DAY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentConnectorError);
    expect((error as Error).message).toMatch(/\(400\): limit: /);
  });

  it("quarantines a malformed record and yields the rest", async () => {
    const victim = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: SEED }).ledger[3]!.id;
    const sb = await start({ ledger: { corrupt: { [victim]: { amount: "10.001" } } } });
    const connector = createLedgerConnector({ baseUrl: sb.ledger.baseUrl, token: sb.ledger.token });
    const { records, rejected } = await collect(connector.fetch("stripe", DAY));
    expect(rejected).toEqual([
      expect.objectContaining({ source: "internal", externalId: victim, reason: expect.stringMatching(/^amount: .*more decimals/) }),
    ]);
    expect(records).toHaveLength(sb.truth("stripe", RUN_DATE).internalCount - 1);
  });

  it("retries a 500 and a 429 (honouring Retry-After) and then succeeds", async () => {
    const sb = await start({
      ledger: { faults: [{ type: "server_error", requests: [1] }, { type: "rate_limit", requests: [2], retryAfterSeconds: 1 }] },
    });
    const connector = createLedgerConnector({ baseUrl: sb.ledger.baseUrl, token: sb.ledger.token, retryDelayMs: 5 });
    const started = Date.now();
    const { records } = await collect(connector.fetch("stripe", DAY));
    expect(records).toHaveLength(sb.truth("stripe", RUN_DATE).internalCount);
    expect(sb.ledger.requestCount()).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("retries a reply slower than the client timeout and a truncated body, for every processor's rows", async () => {
    const sb = await start({ ledger: { faults: [{ type: "slow", requests: [1], delayMs: 1_500 }, { type: "truncated", requests: [3] }] } });
    const connector = createLedgerConnector({ baseUrl: sb.ledger.baseUrl, token: sb.ledger.token, retryDelayMs: 5, timeoutMs: 400, pageSize: 100 });
    for (const processor of ["paypal", "square"] as const) {
      const { records, pages } = await collect(connector.fetch(processor, DAY));
      expect(records).toHaveLength(sb.truth(processor, RUN_DATE).internalCount);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(records.every((r) => r.processor === processor)).toBe(true);
    }
  });
});
