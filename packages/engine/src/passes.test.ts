import { describe, expect, it } from "vitest";
import { reconcile } from "./reconcile";
import { findExactSubset } from "./passes/grouped-pass";
import { ltx, ptx } from "./test-fixtures";

const DAY = { start: new Date("2026-11-24T00:00:00.000Z"), end: new Date("2026-11-25T00:00:00.000Z") };

describe("reference pass", () => {
  it("pairs a ledger row without processor id by reference, currency and exact amount", async () => {
    const r = await reconcile({
      processor: "stripe",
      processorTransactions: [ptx("txn_1", { reference: "ord_1", grossMinor: 500n })],
      internalTransactions: [ltx("led_1", null, { reference: "ord_1", grossMinor: 500n })],
      options: { amountToleranceBps: 0, timeToleranceMs: 0 },
    });
    expect(r.matched).toEqual([{ processorId: "txn_1", internalId: "led_1" }]);
  });

  it("never lets a row that names an unknown processor id match by reference", async () => {
    const r = await reconcile({
      processor: "stripe",
      processorTransactions: [ptx("txn_1", { reference: "ord_1" })],
      internalTransactions: [ltx("led_1", "ch_ghost", { reference: "ord_1" })],
    });
    expect(r.discrepancies.map((d) => d.kind).sort()).toEqual(["missing_in_internal", "missing_in_processor"]);
  });
});

describe("grouped pass", () => {
  it("matches split captures summing exactly to one ledger row, with both sides' ids and amounts", async () => {
    const r = await reconcile({
      processor: "stripe",
      processorTransactions: [
        ptx("txn_1", { reference: "ord_1", grossMinor: 600n, currency: "KWD" }),
        ptx("txn_2", { reference: "ord_1", grossMinor: 401n, currency: "KWD" }),
      ],
      internalTransactions: [ltx("led_1", null, { reference: "ord_1", grossMinor: 1_001n, currency: "KWD" })],
    });
    expect(r.matchedGroups).toEqual([
      expect.objectContaining({ processorIds: ["txn_1", "txn_2"], internalIds: ["led_1"], processorAmountMinor: 1_001n, internalAmountMinor: 1_001n, currency: "KWD" }),
    ]);
    expect(r.matchedGroups[0]!.reason).toContain("1.001 KWD");
    expect(r.figures.matchedCount).toBe(1);
  });

  it("finds the subset that sums exactly, preferring the whole set", () => {
    expect(findExactSubset([1n, 2n, 3n], (x) => x, 6n)).toEqual([1n, 2n, 3n]);
    expect(findExactSubset([1n, 2n, 3n], (x) => x, 4n)).toEqual([1n, 3n]);
    expect(findExactSubset([1n, 2n, 3n], (x) => x, 7n)).toBeNull();
  });
});

describe("tolerance pass", () => {
  it("takes the closest pair, not the first fit, whatever the input order", async () => {
    const processor = [ptx("txn_a", { grossMinor: 10_000n }), ptx("txn_b", { grossMinor: 10_030n })];
    const ledger = [ltx("led_1", null, { grossMinor: 10_029n }), ltx("led_2", null, { grossMinor: 10_001n })];
    for (const [p, l] of [
      [processor, ledger],
      [[...processor].reverse(), [...ledger].reverse()],
    ] as const) {
      const r = await reconcile({ processor: "stripe", processorTransactions: p, internalTransactions: l });
      expect(r.discrepancies.map((d) => [d.kind, d.processorExternalId, d.internalExternalId, d.amountAtRiskMinor])).toEqual([
        ["amount_mismatch", "txn_a", "led_2", 1n],
        ["amount_mismatch", "txn_b", "led_1", 1n],
      ]);
    }
  });

  it("leaves pairs outside the amount tolerance or the time window unmatched", async () => {
    const r = await reconcile({
      processor: "stripe",
      processorTransactions: [ptx("txn_a", { grossMinor: 10_000n })],
      internalTransactions: [ltx("led_1", null, { grossMinor: 10_051n })],
      options: { amountToleranceBps: 50 },
    });
    expect(r.discrepancies.map((d) => d.kind).sort()).toEqual(["missing_in_internal", "missing_in_processor"]);
  });
});

describe("day window", () => {
  it("reports a pair across midnight as timing, owned by the processor record's day", async () => {
    const p = ptx("txn_1", { occurredAt: new Date("2026-11-24T23:59:00.000Z") });
    const l = ltx("led_1", "txn_1", { occurredAt: new Date("2026-11-25T00:01:00.000Z") });
    const today = await reconcile({ processor: "stripe", processorTransactions: [p], internalTransactions: [l], options: { window: DAY } });
    expect(today.discrepancies).toEqual([expect.objectContaining({ kind: "timing", processorExternalId: "txn_1", internalExternalId: "led_1" })]);
    const nextDay = { start: DAY.end, end: new Date(DAY.end.getTime() + 86_400_000) };
    const tomorrow = await reconcile({ processor: "stripe", processorTransactions: [p], internalTransactions: [l], options: { window: nextDay } });
    expect(tomorrow.discrepancies).toEqual([]);
    expect(tomorrow.outOfWindow).toEqual({ processorIds: ["txn_1"], internalIds: ["led_1"] });
  });
});

describe("refunds, disputes and payouts", () => {
  it("reconciles a refund as its own record and names its payment in the reason", async () => {
    const r = await reconcile({
      processor: "stripe",
      processorTransactions: [ptx("txn_r", { type: "refund", grossMinor: -1_000n, relatedIds: ["ch_1"] })],
      internalTransactions: [ltx("led_r", "txn_r", { grossMinor: -900n })],
    });
    expect(r.discrepancies).toEqual([expect.objectContaining({ kind: "amount_mismatch", processorExternalId: "txn_r", internalExternalId: "led_r" })]);
    expect(r.discrepancies[0]!.reason).toContain("[refund of payment ch_1]");
  });
});
