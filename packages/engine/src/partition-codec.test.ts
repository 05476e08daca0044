import { describe, expect, it } from "vitest";
import { decodeEachPartitionResult, decodePartitionResult, encodePartitionResult } from "./partition-codec";
import type { PartitionResult } from "./partition-result";
import { reconcilePartition } from "./reconcile-partition";
import { ltx, ptx } from "./test-fixtures";

const DAY = { start: new Date("2026-11-24T00:00:00.000Z"), end: new Date("2026-11-25T00:00:00.000Z") };
const HUGE = 123_456_789_012_345_678_901n; // beyond what a JSON number holds exactly

/** A result with something in every list: matched, a group, discrepancies, out-of-window, every kind of leftover. */
async function sample(): Promise<PartitionResult> {
  return reconcilePartition({
    processor: "stripe",
    processorTransactions: [
      ptx("txn_ok"),
      ptx("txn_big", { grossMinor: -HUGE, feeMinor: 0n, netMinor: -HUGE, reference: "ord_9", raw: { nested: [1, "two", null, { ok: true }] } }),
      ptx("txn_s1", { reference: "ord_1", grossMinor: 600n }),
      ptx("txn_s2", { reference: "ord_1", grossMinor: 400n }),
      ptx("txn_refund", { type: "refund", relatedIds: ["ch_1"], grossMinor: -500n }),
      ptx("txn_prev", { occurredAt: new Date("2026-11-23T23:30:00.000Z") }),
      ptx("txn_dup"),
      ptx("txn_dup", { grossMinor: 2n }),
    ],
    internalTransactions: [
      ltx("led_ok", "txn_ok", { feeMinor: 59n }),
      ltx("led_group", null, { reference: "ord_1", grossMinor: 1_000n }),
      ltx("led_prev", "txn_prev", { occurredAt: new Date("2026-11-23T23:40:00.000Z") }),
      ltx("led_dup", "txn_dup", { grossMinor: 3n }),
      ltx("led_dup2", "txn_dup", { grossMinor: 4n }),
      ltx("led_loose", null, { grossMinor: 7n, raw: { line: 12 } }),
    ],
    options: { window: DAY },
  });
}

describe("partition result codec", () => {
  it("round-trips bigint amounts, dates, nulls and raw payloads exactly", async () => {
    const result = await sample();
    expect(result.matched.length).toBeGreaterThan(0);
    expect(result.matchedGroups.length).toBeGreaterThan(0);
    expect(result.discrepancies.length).toBeGreaterThan(0);
    expect(result.outOfWindow.processorIds.length).toBeGreaterThan(0);
    expect(result.leftovers.processor.map((p) => p.externalId)).toContain("txn_big");
    expect(result.leftovers.ledger.map((l) => l.externalId)).toContain("led_loose");
    expect(result.leftovers.claims.byRef.length).toBeGreaterThan(0);
    expect(result.leftovers.paymentLinks.length).toBeGreaterThan(0);

    const text = encodePartitionResult(result);
    const decoded = decodePartitionResult(text);
    expect(decoded).toStrictEqual(result);
    expect(decoded.leftovers.processor.find((p) => p.externalId === "txn_big")!.grossMinor).toBe(-HUGE);
    expect(encodePartitionResult(decoded)).toBe(text);
  });

  it.each<[string, (json: Record<string, unknown>) => unknown, string]>([
    ["another format", (j) => ({ ...j, format: "recon.partition-result/1" }), 'format: expected one of recon.partition-result/2, got "recon.partition-result/1"'],
    ["a missing field", ({ recordCount: _, ...j }) => j, "recordCount: missing"],
    ["an unknown field", (j) => ({ ...j, extra: 1 }), "extra: unexpected field"],
    ["a fractional count", (j) => ({ ...j, recordCount: 1.5 }), "recordCount: expected a non-negative integer, got number 1.5"],
    ["an amount as a JSON number", (j) => withFirstLeftover(j, "grossMinor", 12), "leftovers.processor[0].grossMinor: expected an integer as a decimal string, got number 12"],
    ["a non-integer amount", (j) => withFirstLeftover(j, "grossMinor", "12.5"), 'leftovers.processor[0].grossMinor: expected an integer as a decimal string, got "12.5"'],
    ["a date that is not ISO-8601", (j) => withFirstLeftover(j, "occurredAt", "yesterday"), 'leftovers.processor[0].occurredAt: expected an ISO-8601 UTC timestamp, got "yesterday"'],
    ["an unknown status", (j) => withFirstLeftover(j, "status", "settled"), 'leftovers.processor[0].status: expected one of succeeded, pending, failed, refunded, got "settled"'],
    ["a currency not normalised", (j) => withFirstLeftover(j, "currency", "usd"), 'leftovers.processor[0].currency: expected a normalised currency code such as USD, got "usd"'],
    ["a matched pair of the wrong shape", (j) => ({ ...j, matched: [["txn_1"]] }), "matched[0]: expected [processorId, internalId]"],
    ["a list that is not one", (j) => ({ ...j, discrepancies: {} }), "discrepancies: expected an array, got an object"],
  ])("refuses %s, naming where", async (_name, corrupt, message) => {
    const json = JSON.parse(encodePartitionResult(await sample())) as Record<string, unknown>;
    expect(() => decodePartitionResult(JSON.stringify(corrupt(json)))).toThrow(`invalid partition result: ${message}`);
  });

  it("refuses text that is not JSON or not an object", () => {
    expect(() => decodePartitionResult("{ truncated")).toThrow(/^invalid partition result: not JSON/);
    expect(() => decodePartitionResult("[]")).toThrow("invalid partition result: (root): expected an object, got an array");
  });

  it("refuses to encode a raw payload JSON would not give back (bigint)", async () => {
    const result = await sample();
    result.leftovers.processor[0] = { ...result.leftovers.processor[0]!, raw: { amount: 5n } };
    expect(() => encodePartitionResult(result)).toThrow("cannot encode partition result: leftovers.processor[0].raw.amount: bigint 5 is not a JSON value");
  });
});

function withFirstLeftover(json: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const leftovers = json.leftovers as { processor: Record<string, unknown>[] };
  const [first, ...rest] = leftovers.processor;
  return { ...json, leftovers: { ...leftovers, processor: [{ ...first, [field]: value }, ...rest] } };
}

describe("decodeEachPartitionResult", () => {
  it("decodes lazily, in order, releasing each text, and refuses a second pass", async () => {
    const result = await sample();
    const texts: (string | undefined)[] = [encodePartitionResult(result), encodePartitionResult({ ...result, recordCount: 1 })];
    const each = decodeEachPartitionResult(texts);
    expect(texts.every((t) => t !== undefined)).toBe(true);
    expect(each.next().value).toStrictEqual(result);
    expect(texts[0]).toBeUndefined();
    expect(texts[1]).toBeDefined();
    expect((each.next().value as PartitionResult).recordCount).toBe(1);
    expect(each.next().done).toBe(true);
    expect(() => [...decodeEachPartitionResult(texts)]).toThrow("partition result 0 was already decoded");
  });
});
