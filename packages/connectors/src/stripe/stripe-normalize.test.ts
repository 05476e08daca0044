import { describe, expect, it } from "vitest";
import { normalizeStripeBalanceTransaction } from "./stripe-normalize";

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
  source: charge,
};

describe("normalizeStripeBalanceTransaction", () => {
  it("maps an expanded charge record", () => {
    const result = normalizeStripeBalanceTransaction(txn);
    expect(result).toEqual({
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
  });

  it("copes with an unexpanded source and maps status and type", () => {
    const plain = normalizeStripeBalanceTransaction({ ...txn, source: "re_1", type: "refund", amount: -1000, fee: 0, net: -1000 });
    expect(plain.ok && plain.record).toMatchObject({ relatedIds: ["re_1"], reference: null, type: "refund", status: "succeeded" });
    const refunded = normalizeStripeBalanceTransaction({ ...txn, source: { ...charge, refunded: true } });
    expect(refunded.ok && refunded.record.status).toBe("refunded");
    const odd = normalizeStripeBalanceTransaction({ ...txn, type: "topup" });
    expect(odd.ok && odd.record.type).toBe("adjustment");
    expect(normalizeStripeBalanceTransaction({ ...txn, type: "adjustment" }).ok).toBe(true);
  });

  it("rejects a bad record with a reason naming the field", () => {
    const bad = normalizeStripeBalanceTransaction({ ...txn, amount: "10.00" });
    expect(bad).toMatchObject({ ok: false, rejected: { source: "stripe", externalId: "txn_1" } });
    expect(!bad.ok && bad.rejected.reason).toMatch(/^amount: /);
    const net = normalizeStripeBalanceTransaction({ ...txn, net: 1 });
    expect(!net.ok && net.rejected.reason).toBe("net: expected amount - fee");
    const noId = normalizeStripeBalanceTransaction({ nope: true });
    expect(!noId.ok && noId.rejected.externalId).toBeNull();
  });
});
