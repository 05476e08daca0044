import { describe, expect, it } from "vitest";
import { normalizePaypalTransaction } from "./paypal-normalize";

const detail = (initiated: string, amount = { currency_code: "USD", value: "10.00" }, fee = { currency_code: "USD", value: "-0.84" }) => ({
  transaction_info: {
    transaction_id: "1AB23456CD789012E",
    transaction_event_code: "T0006",
    transaction_initiation_date: initiated,
    transaction_amount: amount,
    fee_amount: fee,
    transaction_status: "S",
    invoice_id: "ORD-1",
  },
});

function occurredAt(initiated: string): string {
  const result = normalizePaypalTransaction(detail(initiated));
  if (!result.ok) throw new Error(result.rejected.reason);
  return result.record.occurredAt.toISOString();
}

function reason(raw: unknown): string {
  const result = normalizePaypalTransaction(raw);
  if (result.ok) throw new Error("expected a quarantined record");
  return result.rejected.reason;
}

describe("normalizePaypalTransaction: transaction_initiation_date", () => {
  it("reads every form PayPal writes to the same instant: Z, ±hh:mm, ±hhmm, fractional seconds", () => {
    expect(occurredAt("2025-10-09T12:00:00Z")).toBe("2025-10-09T12:00:00.000Z");
    expect(occurredAt("2025-10-09T12:00:00+00:00")).toBe("2025-10-09T12:00:00.000Z");
    expect(occurredAt("2025-10-09T05:00:00-07:00")).toBe("2025-10-09T12:00:00.000Z");
    expect(occurredAt("2025-10-09T12:00:00+0000")).toBe("2025-10-09T12:00:00.000Z");
    expect(occurredAt("2025-10-09T14:00:00+0200")).toBe("2025-10-09T12:00:00.000Z");
    expect(occurredAt("2025-10-09T12:00:00.250Z")).toBe("2025-10-09T12:00:00.250Z");
    expect(occurredAt("2025-10-09T05:00:00.5-07:00")).toBe("2025-10-09T12:00:00.500Z");
  });

  it("quarantines a date-time it cannot read exactly, naming the field and the value", () => {
    expect(reason(detail("2025-10-09 12:00:00"))).toBe(
      'transaction_info.transaction_initiation_date: "2025-10-09 12:00:00" is not an RFC 3339 date-time with seconds and an offset (Z, ±hh:mm or ±hhmm)',
    );
    expect(reason(detail("2025-02-30T12:00:00Z"))).toBe('transaction_info.transaction_initiation_date: "2025-02-30T12:00:00Z" is not a real date');
    expect(reason(detail("2025-10-09T12:00:00.0000001Z"))).toMatch(/^transaction_info\.transaction_initiation_date: .* finer than a millisecond/);
    expect(reason({ transaction_info: { ...detail("x").transaction_info, transaction_initiation_date: 1760011200 } })).toMatch(
      /^transaction_info\.transaction_initiation_date: /,
    );
  });
});

describe("normalizePaypalTransaction: money", () => {
  it("reads JPY without decimals and KWD with three, exactly, with fee = -fee_amount and net = amount + fee_amount", () => {
    const jpy = normalizePaypalTransaction(detail("2025-10-09T12:00:00Z", { currency_code: "JPY", value: "1500" }, { currency_code: "JPY", value: "-94" }));
    expect(jpy).toMatchObject({ ok: true, record: { currency: "JPY", grossMinor: 1500n, feeMinor: 94n, netMinor: 1406n } });
    const kwd = normalizePaypalTransaction(detail("2025-10-09T12:00:00Z", { currency_code: "KWD", value: "12.340" }, { currency_code: "KWD", value: "-0.531" }));
    expect(kwd).toMatchObject({ ok: true, record: { currency: "KWD", grossMinor: 12340n, feeMinor: 531n, netMinor: 11809n } });
  });

  it("quarantines an amount with more decimals than its currency has", () => {
    expect(reason(detail("2025-10-09T12:00:00Z", { currency_code: "JPY", value: "1500.5" }, { currency_code: "JPY", value: "-94" }))).toMatch(
      /^transaction_info\.transaction_amount: .*JPY/,
    );
    expect(reason(detail("2025-10-09T12:00:00Z", { currency_code: "KWD", value: "12.3456" }, { currency_code: "KWD", value: "-0.531" }))).toMatch(
      /^transaction_info\.transaction_amount: .*KWD/,
    );
  });
});
