import { describe, expect, it } from "vitest";
import { normalizeLedgerRecord } from "./ledger-normalize";

const row = {
  id: "led_1",
  processor: "stripe",
  processor_ref: "pi_1",
  reference: "ord_1",
  amount: "10.00",
  currency: "usd",
  fee: "0.59",
  status: "succeeded",
  occurred_at: "2024-03-01T12:00:00.000Z",
};

describe("normalizeLedgerRecord", () => {
  it("converts money exactly, zero-decimal currencies included", () => {
    const usd = normalizeLedgerRecord(row, "stripe");
    expect(usd.ok && usd.record).toMatchObject({ grossMinor: 1000n, feeMinor: 59n, currency: "USD", processorRef: "pi_1" });
    const jpy = normalizeLedgerRecord({ ...row, amount: "1500", fee: null, currency: "JPY" }, "stripe");
    expect(jpy.ok && jpy.record).toMatchObject({ grossMinor: 1500n, feeMinor: null });
  });

  it("rejects with a reason naming the field", () => {
    const reason = (raw: unknown) => {
      const result = normalizeLedgerRecord(raw, "stripe");
      return result.ok ? null : result.rejected.reason;
    };
    expect(reason({ ...row, amount: "10.001" })).toMatch(/^amount: .*more decimals/);
    expect(reason({ ...row, amount: 10 })).toMatch(/^amount: /);
    expect(reason({ ...row, fee: "abc" })).toMatch(/^fee: /);
    expect(reason({ ...row, status: "done" })).toMatch(/^status: /);
    expect(reason({ ...row, occurred_at: "yesterday" })).toMatch(/^occurred_at: /);
    expect(reason({ ...row, processor: "paypal" })).toBe("processor: expected stripe, got paypal");
    expect(reason({ ...row, currency: "ZZZ" })).toBe('currency: "ZZZ" is not an ISO 4217 currency code');
  });
});
