import type { ProcessorTransaction } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { normalizeStripeBalanceTransaction } from "./stripe-normalize";

// Balance transactions of every type the itemized balance report carries, with their sources
// expanded as the API returns them (only the fields that matter here; Stripe sends more).
const charge = {
  id: "ch_1",
  object: "charge",
  amount: 1000,
  status: "succeeded",
  refunded: false,
  payment_intent: "pi_1",
  metadata: { order_id: "ord_1" },
};
const txn = {
  id: "txn_1",
  object: "balance_transaction",
  amount: 1000,
  fee: 59,
  net: 941,
  currency: "usd",
  created: 1_709_251_200,
  status: "pending",
  type: "charge",
  reporting_category: "charge",
  source: charge,
};

function record(raw: unknown): ProcessorTransaction {
  const result = normalizeStripeBalanceTransaction(raw);
  if (!result.ok) throw new Error(`rejected: ${result.rejected.reason}`);
  return result.record;
}

function reason(raw: unknown): string {
  const result = normalizeStripeBalanceTransaction(raw);
  if (result.ok) throw new Error("accepted");
  return result.rejected.reason;
}

/** A debit of `amount` (negative) with no fee, of `type`, from `source`. */
const debit = (type: string, reporting_category: string, source: unknown, amount = -500) => ({
  ...txn,
  id: `txn_${type}`,
  type,
  reporting_category,
  amount,
  fee: 0,
  net: amount,
  status: "available",
  source,
});

describe("normalizeStripeBalanceTransaction", () => {
  it("charge: a payment, known by its charge and payment intent, its status from the charge", () => {
    expect(normalizeStripeBalanceTransaction(txn)).toEqual({
      ok: true,
      record: {
        processor: "stripe",
        externalId: "txn_1",
        relatedIds: ["ch_1", "pi_1"],
        reference: "ord_1",
        merchantId: null,
        grossMinor: 1000n,
        feeMinor: 59n,
        netMinor: 941n,
        currency: "USD",
        status: "succeeded",
        rawStatus: "pending",
        type: "payment",
        occurredAt: new Date(1_709_251_200_000),
        raw: txn,
      },
    });
    expect(record({ ...txn, source: { ...charge, refunded: true } }).status).toBe("refunded");
    expect(record({ ...txn, source: { ...charge, status: "pending" } }).status).toBe("pending");
    expect(record({ ...txn, source: { ...charge, status: "failed" } }).status).toBe("failed");
    expect(record({ ...txn, source: { ...charge, payment_intent: null } }).relatedIds).toEqual(["ch_1"]);
  });

  it("refund: negative, known by the refund, its charge and payment intent; status from the refund", () => {
    const refund = { id: "re_1", object: "refund", amount: 300, charge: "ch_1", payment_intent: "pi_1", status: "succeeded", metadata: {} };
    const r = record(debit("refund", "refund", refund, -300));
    expect(r).toMatchObject({ type: "refund", relatedIds: ["re_1", "ch_1", "pi_1"], grossMinor: -300n, feeMinor: 0n, netMinor: -300n, status: "succeeded", reference: null });
    expect(record(debit("refund", "refund", { ...refund, status: "pending" })).status).toBe("pending");
    expect(record(debit("refund", "refund", { ...refund, status: "requires_action" })).status).toBe("pending");
    expect(record(debit("refund", "refund", { ...refund, status: "failed" })).status).toBe("failed");
    expect(record(debit("refund", "refund", { ...refund, status: "canceled" })).status).toBe("failed");
    expect(record(debit("refund", "refund", { ...refund, status: null })).status).toBe("succeeded");
    // With its charge expanded too, the refund carries the charge's order reference.
    expect(record(debit("refund", "refund", { ...refund, charge })).reference).toBe("ord_1");
    expect(record(debit("refund", "refund", { ...refund, charge })).relatedIds).toEqual(["re_1", "ch_1", "pi_1"]);
  });

  it("dispute and its reversal: adjustments told apart by reporting category, known by the dispute, its charge and payment intent", () => {
    const dispute = { id: "dp_1", object: "dispute", amount: 1000, charge: "ch_1", payment_intent: "pi_1", status: "lost", metadata: {} };
    const withdrawal = { ...debit("adjustment", "dispute", dispute, -1000), fee: 1500, net: -2500 };
    expect(record(withdrawal)).toMatchObject({ type: "dispute", relatedIds: ["dp_1", "ch_1", "pi_1"], grossMinor: -1000n, feeMinor: 1500n, netMinor: -2500n, status: "succeeded" });
    const reversal = { ...debit("adjustment", "dispute_reversal", { ...dispute, status: "won" }, 1000), fee: -1500, net: 2500 };
    expect(record(reversal)).toMatchObject({ type: "dispute", relatedIds: ["dp_1", "ch_1", "pi_1"], grossMinor: 1000n, feeMinor: -1500n, status: "succeeded" });
  });

  it("other adjustments: no source, known by nothing but their own id", () => {
    expect(record(debit("adjustment", "other_adjustment", null))).toMatchObject({ type: "adjustment", relatedIds: [], reference: null, status: "succeeded" });
    expect(reason({ ...debit("adjustment", "dispute", null), reporting_category: undefined })).toBe("reporting_category: required to tell what an adjustment is");
  });

  it("payout: known by its id, status from the payout", () => {
    const payout = { id: "po_1", object: "payout", amount: 50_000, status: "paid" };
    expect(record(debit("payout", "payout", payout, -50_000))).toMatchObject({ type: "payout", relatedIds: ["po_1"], grossMinor: -50_000n, status: "succeeded" });
    expect(record(debit("payout", "payout", { ...payout, status: "in_transit" })).status).toBe("pending");
    expect(record(debit("payout", "payout", { ...payout, status: "pending" })).status).toBe("pending");
    expect(record(debit("payout", "payout", { ...payout, status: "failed" })).status).toBe("failed");
    expect(record(debit("payout", "payout", { ...payout, status: "canceled" })).status).toBe("failed");
    expect(reason(debit("payout", "payout", { ...payout, status: "lost_in_mail" }))).toMatch(/^source\.status: /);
  });

  it("stripe_fee: Stripe's own fee, no source", () => {
    expect(record(debit("stripe_fee", "fee", null, -250))).toMatchObject({ type: "fee", relatedIds: [], grossMinor: -250n, status: "succeeded" });
  });

  it("application_fee: money in, known by the fee and the connected account's charge", () => {
    const fee = { id: "fee_1", object: "application_fee", amount: 120, charge: "ch_connected", refunded: false, account: "acct_1" };
    expect(record(debit("application_fee", "platform_earning", fee, 120))).toMatchObject({ type: "fee", relatedIds: ["fee_1", "ch_connected"], grossMinor: 120n, status: "succeeded" });
    expect(record(debit("application_fee", "platform_earning", { ...fee, refunded: true }, 120)).status).toBe("refunded");
  });

  it("transfer: money out to a connected account, known by its id", () => {
    const transfer = { id: "tr_1", object: "transfer", amount: 700, reversed: false, metadata: {} };
    expect(record(debit("transfer", "transfer", transfer, -700))).toMatchObject({ type: "transfer", relatedIds: ["tr_1"], status: "succeeded" });
    expect(record(debit("transfer", "transfer", { ...transfer, reversed: true }, -700)).status).toBe("refunded");
  });

  it("topup: money in from the bank, known by its id, status from the top-up", () => {
    const topup = { id: "tu_1", object: "topup", amount: 10_000, status: "succeeded", metadata: {} };
    expect(record(debit("topup", "topup", topup, 10_000))).toMatchObject({ type: "topup", relatedIds: ["tu_1"], grossMinor: 10_000n, status: "succeeded" });
    expect(record(debit("topup", "topup", { ...topup, status: "pending" }, 10_000)).status).toBe("pending");
    expect(record(debit("topup", "topup", { ...topup, status: "failed" }, 10_000)).status).toBe("failed");
    expect(record(debit("topup", "topup", { ...topup, status: "reversed" }, 10_000)).status).toBe("refunded");
  });

  it("copes with an unexpanded source, other source objects and types it does not know", () => {
    expect(record(debit("refund", "refund", "re_1"))).toMatchObject({ relatedIds: ["re_1"], reference: null, type: "refund", status: "succeeded" });
    expect(record(debit("transfer_refund", "transfer_reversal", { id: "trr_1", object: "transfer_reversal" }))).toMatchObject({ type: "transfer", relatedIds: ["trr_1"] });
    expect(record(debit("reserve_transaction", "risk_reserved_funds", null)).type).toBe("adjustment");
    expect(record(debit("payout_failure", "payout_reversal", "po_1", 500)).type).toBe("payout");
    expect(record(debit("stripe_fx_fee", "fee", null)).type).toBe("fee");
  });

  it("rejects a bad record with a reason naming the field", () => {
    const bad = normalizeStripeBalanceTransaction({ ...txn, amount: "10.00" });
    expect(bad).toMatchObject({ ok: false, rejected: { source: "stripe", externalId: "txn_1" } });
    expect(reason({ ...txn, amount: "10.00" })).toMatch(/^amount: /);
    expect(reason({ ...txn, net: 1 })).toBe("net: expected amount - fee");
    expect(reason({ ...txn, source: { ...charge, object: undefined } })).toMatch(/^source/);
    expect(reason({ ...txn, source: { ...charge, refunded: "no" } })).toMatch(/^source\.refunded: /);
    expect(reason(debit("refund", "refund", { id: "re_1", object: "refund", charge: 12 }))).toMatch(/^source\.charge: /);
    const noId = normalizeStripeBalanceTransaction({ nope: true });
    expect(!noId.ok && noId.rejected.externalId).toBeNull();
  });
});
