// An unknown currency from any API goes to quarantine with its reason; it is never stored.
import { describe, expect, it } from "vitest";
import { normalizePaypalTransaction } from "./paypal/paypal-normalize";
import { normalizeSquarePayment } from "./square/square-normalize";
import { normalizeStripeBalanceTransaction } from "./stripe/stripe-normalize";

const reasonOf = (result: { ok: true } | { ok: false; rejected: { reason: string } }) => (result.ok ? null : result.rejected.reason);

describe("currency codes from the processors' APIs", () => {
  it("quarantines a Stripe balance transaction in a currency that is not ISO 4217", () => {
    const txn = { id: "txn_1", amount: 100, fee: 0, net: 100, currency: "zzz", created: 1, status: "available", type: "charge", source: null };
    expect(reasonOf(normalizeStripeBalanceTransaction(txn))).toBe('currency: "zzz" is not an ISO 4217 currency code');
    expect(normalizeStripeBalanceTransaction({ ...txn, currency: "eur" }).ok).toBe(true);
  });

  it("quarantines a PayPal transaction whose amount is in an unknown currency", () => {
    const detail = {
      transaction_info: {
        transaction_id: "1AB23456CD789012E",
        transaction_event_code: "T0006",
        transaction_initiation_date: "2025-10-09T12:00:00+00:00",
        transaction_amount: { currency_code: "XXX", value: "10.00" },
        transaction_status: "S",
      },
    };
    expect(reasonOf(normalizePaypalTransaction(detail))).toBe('transaction_info.transaction_amount.currency_code: "XXX" is not an ISO 4217 currency code');
  });

  it("quarantines a Square payment whose money is in an unknown currency", () => {
    const payment = { id: "P1", createdAt: "2025-10-09T12:00:00Z", amountMoney: { amount: 100n, currency: "ABC" }, status: "COMPLETED" };
    expect(reasonOf(normalizeSquarePayment(payment))).toBe('amountMoney.currency: "ABC" is not an ISO 4217 currency code');
  });
});
