// Payouts as the `square` SDK hands them over (camelCase, bigint amounts; a `currency_code` key,
// unknown to the SDK, passed through as written: see square-connector.int.test.ts, which checks
// that against the emulator), in every shape Square's description and examples use.
import { describe, expect, it } from "vitest";
import { normalizeSquarePayout } from "./square-payout-normalize";

const usd = (amount: bigint) => ({ amount, currency: "USD" });
const usdCode = (amount: bigint) => ({ amount, currency_code: "USD" });

const payout = (overrides: Record<string, unknown> = {}) => ({
  id: "po_b345d2c7-90b3-4f0b-a2aa-df1def7f8afc",
  status: "PAID",
  locationId: "L88917AVBK2S5",
  createdAt: "2022-03-29T16:12:31Z",
  amountMoney: usd(81n),
  type: "BATCH",
  arrivalDate: "2022-03-29",
  ...overrides,
});

const charge = (gross: bigint, fee: bigint, money: (amount: bigint) => object = usd) => ({
  id: `poe_charge_${gross}`,
  payoutId: "po_b345d2c7-90b3-4f0b-a2aa-df1def7f8afc",
  type: "CHARGE",
  grossAmountMoney: money(gross),
  feeAmountMoney: money(fee),
  netAmountMoney: money(gross - fee),
  typeChargeDetails: { paymentId: `pay_${gross}` },
});

function ok(result: ReturnType<typeof normalizeSquarePayout>) {
  if (!result.ok) throw new Error(`quarantined: ${result.rejected.reason}`);
  return result.record;
}

function reason(result: ReturnType<typeof normalizeSquarePayout>): string {
  if (result.ok) throw new Error("expected quarantine");
  return result.rejected.reason;
}

describe("normalizeSquarePayout", () => {
  it("reads a deposit written {amount, currency} as money leaving the balance", () => {
    const record = ok(normalizeSquarePayout({ payout: payout(), entries: [charge(100n, 19n)] }));
    expect(record).toMatchObject({ externalId: payout().id, type: "payout", grossMinor: -81n, feeMinor: 0n, netMinor: -81n, currency: "USD", status: "succeeded", merchantId: "L88917AVBK2S5" });
    expect(record.relatedIds).toEqual(["pay_100"]);
  });

  it("reads money written {amount, currency_code}, as Square's ListPayouts and ListPayoutEntries examples do", () => {
    const record = ok(normalizeSquarePayout({ payout: payout({ amountMoney: usdCode(81n) }), entries: [charge(100n, 19n, usdCode)] }));
    expect(record).toMatchObject({ grossMinor: -81n, netMinor: -81n, currency: "USD" });
  });

  it("accepts both keys when they agree (any case) and quarantines money whose keys disagree or that has neither", () => {
    const both = { amount: 81n, currency: "USD", currency_code: "usd" };
    expect(ok(normalizeSquarePayout({ payout: payout({ amountMoney: both }), entries: [charge(100n, 19n)] })).currency).toBe("USD");
    expect(reason(normalizeSquarePayout({ payout: payout({ amountMoney: { amount: 81n, currency: "USD", currency_code: "EUR" } }), entries: [charge(100n, 19n)] }))).toBe(
      'amountMoney.currency_code: "EUR" disagrees with currency "USD"',
    );
    expect(reason(normalizeSquarePayout({ payout: payout({ amountMoney: { amount: 81n } }), entries: [] }))).toBe(
      "amountMoney.currency: missing (neither currency nor currency_code is set)",
    );
    expect(reason(normalizeSquarePayout({ payout: payout({ amountMoney: { amount: 81n, currency_code: "XYZ" } }), entries: [] }))).toBe(
      'amountMoney.currency_code: "XYZ" is not an ISO 4217 currency code',
    );
    expect(reason(normalizeSquarePayout({ payout: payout({ amountMoney: { amount: null, currency: "USD" } }), entries: [] }))).toBe(
      "amountMoney.amount: expected an integer amount in minor units",
    );
  });

  it("reads a withdrawal (a negative amount: money taken from the bank into the balance) as money entering the balance", () => {
    const refundEntry = {
      id: "poe_ZQWcw41d0SGJS6IWd4cSi8mKHk",
      payoutId: "po_f3c0fb38",
      type: "REFUND",
      grossAmountMoney: usdCode(-50n),
      feeAmountMoney: usdCode(-2n),
      netAmountMoney: usdCode(-48n),
      typeRefundDetails: { paymentId: "HVdG62HeMlti8YYf94oxrN", refundId: "HVdG62HeMlti8YYf94oxrN_dR8N" },
    };
    const record = ok(normalizeSquarePayout({ payout: payout({ id: "po_f3c0fb38", amountMoney: usdCode(-48n) }), entries: [refundEntry] }));
    expect(record).toMatchObject({ grossMinor: 48n, feeMinor: 0n, netMinor: 48n, relatedIds: ["HVdG62HeMlti8YYf94oxrN"] });
  });

  it("takes payout_fee (transfer fee and its tax) as the fee: gross is what reaches the bank, net the balance change", () => {
    const fees = [
      { amountMoney: usdCode(95n), effectiveAt: "2022-03-29T16:12:31Z", type: "TRANSFER_FEE" },
      { amountMoney: usd(8n), type: "TAX_ON_TRANSFER_FEE" },
    ];
    const depositFee = { id: "poe_fee", payoutId: "po_b345", type: "DEPOSIT_FEE", grossAmountMoney: usd(0n), feeAmountMoney: usd(103n), netAmountMoney: usd(-103n), typeDepositFeeDetails: { payoutId: "po_b345" } };
    const record = ok(normalizeSquarePayout({ payout: payout({ amountMoney: usdCode(6259n), payoutFee: fees }), entries: [charge(6362n, 0n), depositFee] }));
    expect(record).toMatchObject({ grossMinor: -6259n, feeMinor: 103n, netMinor: -6362n });
    expect(record.relatedIds).toEqual(["pay_6362"]);
  });

  it("quarantines a payout whose entries' nets do not add up to its amount, or a fee in another currency", () => {
    expect(reason(normalizeSquarePayout({ payout: payout({ amountMoney: usd(82n) }), entries: [charge(100n, 19n)] }))).toBe(
      "entries: their nets add up to 81, not the payout amount 82",
    );
    expect(reason(normalizeSquarePayout({ payout: payout({ payoutFee: [{ amountMoney: { amount: 5n, currency: "EUR" } }] }), entries: [charge(100n, 19n)] }))).toBe(
      "payoutFee.0.amountMoney: EUR on a USD record",
    );
  });

  it("quarantines an entry whose net is not gross minus fee, or whose money is in another currency", () => {
    const bad = { ...charge(100n, 19n), netAmountMoney: usd(119n) };
    expect(reason(normalizeSquarePayout({ payout: payout({ amountMoney: usd(119n) }), entries: [bad] }))).toBe(
      "entries.0: net 119 is not gross 100 minus fee 19 (entry poe_charge_100)",
    );
    const foreign = { ...charge(100n, 19n), feeAmountMoney: { amount: 19n, currency_code: "CAD" } };
    expect(reason(normalizeSquarePayout({ payout: payout(), entries: [foreign] }))).toBe("entries.0.feeAmountMoney: CAD on a USD payout");
    const noNet = { ...charge(100n, 19n), netAmountMoney: undefined };
    expect(reason(normalizeSquarePayout({ payout: payout(), entries: [noNet] }))).toMatch(/^entries\.0\.netAmountMoney: /);
  });

  it("links the payments named by every kind of entry details, known to the SDK (camelCase) or not (snake_case)", () => {
    const entries = [
      charge(100n, 19n),
      { id: "poe_2", type: "DISPUTE", netAmountMoney: usd(-10n), typeDisputeDetails: { paymentId: "pay_disputed", disputeId: "dp_1" } },
      { id: "poe_3", type: "FEE", netAmountMoney: usd(-1n), typeFeeDetails: { paymentId: "pay_fee" } },
      { id: "poe_4", type: "HOLD_ADJUSTMENT", netAmountMoney: usd(0n), typeHoldAdjustmentDetails: { paymentId: "pay_100" } },
      { id: "poe_5", type: "SOMETHING_NEW", netAmountMoney: usd(-3n), type_something_new_details: { payment_id: "pay_new" } },
      { id: "poe_6", type: "SUBSCRIPTION_FEE", netAmountMoney: usdCode(-4_900n) },
    ];
    const record = ok(normalizeSquarePayout({ payout: payout({ amountMoney: usd(81n - 10n - 1n - 3n - 4_900n) }), entries }));
    expect(record.relatedIds).toEqual(["pay_100", "pay_disputed", "pay_fee", "pay_new"]);
    expect(record.grossMinor).toBe(4_833n);
    const broken = { id: "poe_7", netAmountMoney: usd(0n), typeChargeDetails: { paymentId: 42 } };
    expect(reason(normalizeSquarePayout({ payout: payout(), entries: [charge(100n, 19n), broken] }))).toBe("entries.1.typeChargeDetails.paymentId: expected a payment id");
  });

  it("does not ask a SIMPLE payout (no entries of its own) to add up, but checks the entries a SIMPLE payout does have", () => {
    expect(ok(normalizeSquarePayout({ payout: payout({ type: "SIMPLE", amountMoney: usd(500n) }), entries: [] })).grossMinor).toBe(-500n);
    expect(reason(normalizeSquarePayout({ payout: payout({ type: "SIMPLE", amountMoney: usd(500n) }), entries: [charge(100n, 19n)] }))).toBe(
      "entries: their nets add up to 81, not the payout amount 500",
    );
    expect(reason(normalizeSquarePayout({ payout: payout({ amountMoney: usd(500n) }), entries: [] }))).toBe("entries: their nets add up to 0, not the payout amount 500");
  });

  it("maps SENT to pending and FAILED to failed, and quarantines an unknown status under the payout's id", () => {
    expect(ok(normalizeSquarePayout({ payout: payout({ status: "SENT" }), entries: [charge(100n, 19n)] })).status).toBe("pending");
    expect(ok(normalizeSquarePayout({ payout: payout({ status: "FAILED" }), entries: [charge(100n, 19n)] })).status).toBe("failed");
    const result = normalizeSquarePayout({ payout: payout({ status: "LOST" }), entries: [] });
    expect(result).toMatchObject({ ok: false, rejected: { source: "square", externalId: payout().id, reason: expect.stringMatching(/^status: /) as string } });
  });
});
