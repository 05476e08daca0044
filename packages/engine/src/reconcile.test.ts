import { describe, expect, it } from "vitest";
import type { Discrepancy, InternalTransaction, ProcessorTransaction } from "@recon/domain";
import { reconcile } from "./reconcile";
import { ltx, ptx } from "./test-fixtures";

function run(processorTransactions: ProcessorTransaction[], internalTransactions: InternalTransaction[]) {
  return reconcile({ processor: "stripe", processorTransactions, internalTransactions });
}

function only(discrepancies: Discrepancy[]): Discrepancy {
  expect(discrepancies).toHaveLength(1);
  return discrepancies[0]!;
}

describe("reconcile: outcomes", () => {
  it("matches a processor record to the ledger row naming its id", async () => {
    const result = await run([ptx("txn_1")], [ltx("led_1", "txn_1")]);
    expect(result.matched).toEqual([{ processorId: "txn_1", internalId: "led_1" }]);
    expect(result.discrepancies).toEqual([]);
    expect(result.missingInInternal).toEqual([]);
    expect(result.figures.matchedCount).toBe(1);
  });

  it("reports a processor record with no ledger row as missing_in_internal, at risk |gross|", async () => {
    const refund = ptx("txn_r", { grossMinor: -2_500n, feeMinor: 0n, type: "refund", status: "refunded" });
    const result = await run([refund], []);
    expect(only(result.discrepancies)).toEqual({
      kind: "missing_in_internal",
      processorExternalId: "txn_r",
      internalExternalId: null,
      currency: "USD",
      processorAmountMinor: -2_500n,
      internalAmountMinor: null,
      amountAtRiskMinor: 2_500n,
      reason: "processor txn_r -25.00 USD refunded has no ledger record",
    });
    expect(result.missingInInternal).toEqual([refund]);
  });

  it("reports a ledger row no processor record claims as missing_in_processor", async () => {
    const result = await run([], [ltx("led_1", "txn_ghost", { grossMinor: 700n }), ltx("led_2", null)]);
    expect(result.discrepancies.map((d) => [d.kind, d.internalExternalId, d.amountAtRiskMinor])).toEqual([
      ["missing_in_processor", "led_1", 700n],
      ["missing_in_processor", "led_2", 1_000n],
    ]);
    expect(result.discrepancies[0]!.reason).toBe(
      "ledger led_1 7.00 USD succeeded (processor ref txn_ghost) has no processor record",
    );
  });

  it("reports amount_mismatch with the absolute difference and both values in the reason", async () => {
    const result = await run(
      [ptx("txn_1", { grossMinor: 1_250n })],
      [ltx("led_1", "txn_1", { grossMinor: 1_200n })],
    );
    const d = only(result.discrepancies);
    expect(d).toMatchObject({
      kind: "amount_mismatch",
      processorExternalId: "txn_1",
      internalExternalId: "led_1",
      processorAmountMinor: 1_250n,
      internalAmountMinor: 1_200n,
      amountAtRiskMinor: 50n,
    });
    expect(d.reason).toContain("ledger 12.00 USD vs processor 12.50 USD");
    expect(result.matched).toEqual([]);
  });

  it("reports currency_mismatch at risk of the processor amount", async () => {
    const result = await run([ptx("txn_1", { currency: "EUR" })], [ltx("led_1", "txn_1")]);
    const d = only(result.discrepancies);
    expect(d).toMatchObject({ kind: "currency_mismatch", currency: "EUR", amountAtRiskMinor: 1_000n });
    expect(d.reason).toContain("ledger 10.00 USD vs processor 10.00 EUR");
  });

  it("reports status_mismatch naming both statuses", async () => {
    const result = await run(
      [ptx("txn_1", { status: "failed", rawStatus: "failed" })],
      [ltx("led_1", "txn_1")],
    );
    const d = only(result.discrepancies);
    expect(d).toMatchObject({ kind: "status_mismatch", amountAtRiskMinor: 1_000n });
    expect(d.reason).toBe("status differs: ledger succeeded vs processor failed");
  });

  it("reports fee_mismatch only when the ledger records a fee", async () => {
    const withFee = await run([ptx("txn_1", { feeMinor: 59n })], [ltx("led_1", "txn_1", { feeMinor: 30n })]);
    const d = only(withFee.discrepancies);
    expect(d).toMatchObject({ kind: "fee_mismatch", amountAtRiskMinor: 29n });
    expect(d.reason).toBe("fee differs: ledger 0.30 USD vs processor 0.59 USD");

    const noFee = await run([ptx("txn_1", { feeMinor: 59n })], [ltx("led_1", "txn_1", { feeMinor: null })]);
    expect(noFee.discrepancies).toEqual([]);
    expect(noFee.matched).toHaveLength(1);
  });
});

describe("reconcile: precedence (one discrepancy per pair)", () => {
  const ledger = ltx("led_1", "txn_1", { feeMinor: 1n });

  it("currency before amount, status and fee", async () => {
    const p = ptx("txn_1", { currency: "EUR", grossMinor: 5n, status: "failed" });
    expect(only((await run([p], [ledger])).discrepancies).kind).toBe("currency_mismatch");
  });

  it("amount before status and fee", async () => {
    const p = ptx("txn_1", { grossMinor: 5n, status: "failed" });
    expect(only((await run([p], [ledger])).discrepancies).kind).toBe("amount_mismatch");
  });

  it("status before fee", async () => {
    const p = ptx("txn_1", { status: "pending" });
    expect(only((await run([p], [ledger])).discrepancies).kind).toBe("status_mismatch");
  });
});

describe("reconcile: related ids", () => {
  it("matches a ledger row that names the payment intent instead of the transaction", async () => {
    const p = ptx("txn_1", { relatedIds: ["ch_1", "pi_1"] });
    const result = await run([p], [ltx("led_1", "pi_1")]);
    expect(result.matched).toEqual([{ processorId: "txn_1", internalId: "led_1" }]);
  });

  it("prefers the record's own id, then related ids in order (first hit wins)", async () => {
    const p = ptx("txn_1", { relatedIds: ["ch_1", "pi_1"] });
    const result = await run([p], [ltx("led_pi", "pi_1"), ltx("led_ch", "ch_1"), ltx("led_txn", "txn_1")]);
    expect(result.matched).toEqual([{ processorId: "txn_1", internalId: "led_txn" }]);
    // The other two book the same money again.
    expect(result.discrepancies.map((d) => [d.kind, d.internalExternalId])).toEqual([
      ["duplicate", "led_ch"],
      ["duplicate", "led_pi"],
    ]);
  });

  it("never lets a related id steal a row that names another record directly", async () => {
    // The refund shares the charge's id as a related id; the ledger row naming ch_1 is the charge's.
    const charge = ptx("ch_1", { occurredAt: new Date("2026-11-24T15:00:00Z") });
    const refund = ptx("re_1", {
      relatedIds: ["ch_1"],
      grossMinor: -1_000n,
      type: "refund",
      occurredAt: new Date("2026-11-24T09:00:00Z"),
    });
    const result = await run([refund, charge], [ltx("led_1", "ch_1")]);
    expect(result.matched).toEqual([{ processorId: "ch_1", internalId: "led_1" }]);
    expect(only(result.discrepancies)).toMatchObject({
      kind: "missing_in_internal",
      processorExternalId: "re_1",
    });
  });

  it("pairs a charge and its refund booked under the same ref with the rows that agree with them", async () => {
    const charge = ptx("txn_c", { relatedIds: ["pi_1"], occurredAt: new Date("2026-11-24T09:00:00Z") });
    const refund = ptx("txn_r", {
      relatedIds: ["pi_1"],
      grossMinor: -1_000n,
      feeMinor: 0n,
      status: "refunded",
      type: "refund",
    });
    const rows = [ltx("led_a", "pi_1", { grossMinor: -1_000n, status: "refunded" }), ltx("led_b", "pi_1")];
    const result = await run([charge, refund], rows);
    expect(result.matched).toEqual([
      { processorId: "txn_c", internalId: "led_b" },
      { processorId: "txn_r", internalId: "led_a" },
    ]);
    expect(result.discrepancies).toEqual([]);
  });
});

describe("reconcile: duplicates", () => {
  it("flags a repeated processor id once per extra copy, counting the id once", async () => {
    const result = await run([ptx("txn_1"), ptx("txn_1"), ptx("txn_1")], [ltx("led_1", "txn_1")]);
    expect(result.matched).toEqual([{ processorId: "txn_1", internalId: "led_1" }]);
    expect(result.discrepancies.map((d) => [d.kind, d.processorExternalId, d.internalExternalId])).toEqual([
      ["duplicate", "txn_1", null],
      ["duplicate", "txn_1", null],
    ]);
    expect(result.figures.processorTransactionCount).toBe(1);
    expect(result.figures.totalsByCurrency.USD!.volumeMinor).toBe(1_000n);
  });

  it("flags a second ledger row with the processor ref of a consumed one, keeping the row that agrees", async () => {
    const result = await run(
      [ptx("txn_1")],
      [ltx("led_1", "txn_1", { grossMinor: 999n }), ltx("led_2", "txn_1")],
    );
    expect(result.matched).toEqual([{ processorId: "txn_1", internalId: "led_2" }]);
    const d = only(result.discrepancies);
    expect(d).toMatchObject({
      kind: "duplicate",
      processorExternalId: null,
      internalExternalId: "led_1",
      amountAtRiskMinor: 999n,
    });
    expect(d.reason).toContain("already matched to ledger led_2");
  });

  it("flags two unmatched ledger rows with one ref: the first missing, the second duplicate", async () => {
    const result = await run([], [ltx("led_2", "txn_x"), ltx("led_1", "txn_x")]);
    expect(result.discrepancies.map((d) => [d.kind, d.internalExternalId])).toEqual([
      ["missing_in_processor", "led_1"],
      ["duplicate", "led_2"],
    ]);
  });

  it("keeps the same copy of a repeated id whatever the input order, even when only the raw payloads differ", async () => {
    const first = ptx("txn_1", { raw: { id: "txn_1", export: "a" } });
    const second = ptx("txn_1", { raw: { id: "txn_1", export: "b" } });
    const ledgerA = ltx("led_1", "txn_x", { raw: { line: 1 } });
    const ledgerB = ltx("led_1", "txn_x", { raw: { line: 2 } });
    const forwards = await run([first, second], [ledgerA, ledgerB]);
    const backwards = await run([second, first], [ledgerB, ledgerA]);
    expect(forwards.missingInInternal.map((r) => r.raw)).toEqual([{ id: "txn_1", export: "a" }]);
    expect(backwards).toStrictEqual(forwards);
  });

  it("flags a repeated ledger id", async () => {
    const result = await run([ptx("txn_1")], [ltx("led_1", "txn_1"), ltx("led_1", "txn_1")]);
    expect(result.matched).toHaveLength(1);
    expect(only(result.discrepancies)).toMatchObject({ kind: "duplicate", internalExternalId: "led_1" });
    expect(result.figures.internalTransactionCount).toBe(1);
  });
});

describe("reconcile: figures", () => {
  it("keeps USD, JPY and KWD totals apart and picks the most common currency as primary", async () => {
    const processor = [
      ptx("u1", { grossMinor: 1_234n, feeMinor: 66n }),
      ptx("u2", { grossMinor: -500n }),
      ptx("j1", { currency: "JPY", grossMinor: 1_500n, feeMinor: 54n }),
      ptx("j2", { currency: "JPY", grossMinor: 2_000n }),
      ptx("j3", { currency: "JPY", grossMinor: 3_000n }),
      ptx("k1", { currency: "KWD", grossMinor: 1_234n, feeMinor: 12n }),
    ];
    const ledger = [
      ltx("l_u2", "u2", { grossMinor: -500n }),
      ltx("l_j2", "j2", { currency: "JPY", grossMinor: 1_900n }),
      ltx("l_j3", "j3", { currency: "JPY", grossMinor: 3_000n }),
      ltx("l_only", null, { currency: "KWD", grossMinor: 5n }),
    ];
    const { figures } = await run(processor, ledger);
    expect(figures.primaryCurrency).toBe("JPY");
    expect(figures.processorTransactionCount).toBe(6);
    expect(figures.internalTransactionCount).toBe(4);
    expect(figures.matchedCount).toBe(2);
    expect(figures.counts).toEqual({
      missing_in_internal: 3,
      missing_in_processor: 1,
      amount_mismatch: 1,
      currency_mismatch: 0,
      status_mismatch: 0,
      fee_mismatch: 0,
      duplicate: 0,
      timing: 0,
    });
    expect(figures.totalsByCurrency).toEqual({
      JPY: { volumeMinor: 6_500n, missingMinor: 1_500n, feesAtRiskMinor: 54n, atRiskMinor: 1_600n },
      KWD: { volumeMinor: 1_234n, missingMinor: 1_234n, feesAtRiskMinor: 12n, atRiskMinor: 1_239n },
      USD: { volumeMinor: 1_734n, missingMinor: 1_234n, feesAtRiskMinor: 66n, atRiskMinor: 1_234n },
    });
    expect(Object.keys(figures.totalsByCurrency)).toEqual(["JPY", "KWD", "USD"]);
  });

  it("breaks a primary-currency tie alphabetically and defaults to USD when empty", async () => {
    const tie = await run([ptx("a", { currency: "USD" }), ptx("b", { currency: "EUR" })], []);
    expect(tie.figures.primaryCurrency).toBe("EUR");
    const empty = await run([], []);
    expect(empty.figures.primaryCurrency).toBe("USD");
    expect(empty.figures.totalsByCurrency).toEqual({});
    expect(empty.figures.processorTransactionCount).toBe(0);
  });

  it("normalises currency codes before comparing and totalling", async () => {
    const result = await run(
      [ptx("txn_1", { currency: "usd" })],
      [ltx("led_1", "txn_1", { currency: "Usd" })],
    );
    expect(result.matched).toHaveLength(1);
    expect(Object.keys(result.figures.totalsByCurrency)).toEqual(["USD"]);
  });
});

describe("reconcile: input", () => {
  it("accepts async iterables", async () => {
    async function* stream<T>(items: T[]): AsyncGenerator<T> {
      for (const item of items) {
        await Promise.resolve();
        yield item;
      }
    }
    const result = await reconcile({
      processor: "stripe",
      processorTransactions: stream([ptx("txn_1")]),
      internalTransactions: stream([ltx("led_1", "txn_1")]),
    });
    expect(result.matched).toEqual([{ processorId: "txn_1", internalId: "led_1" }]);
  });

  it("rejects a record of another processor instead of reconciling a mixed feed", async () => {
    await expect(run([ptx("txn_1", { processor: "paypal" })], [])).rejects.toThrow(
      'processor record txn_1 belongs to processor "paypal", but this run reconciles "stripe"',
    );
  });
});
