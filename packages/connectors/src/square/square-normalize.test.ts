import { describe, expect, it } from "vitest";
import { normalizeSquarePayment, normalizeSquareRefund } from "./square-normalize";

const payment = (overrides: Record<string, unknown> = {}) => ({
  id: "bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY",
  createdAt: "2021-10-13T19:34:33.524Z",
  amountMoney: { amount: 555n, currency: "USD" },
  totalMoney: { amount: 555n, currency: "USD" },
  processingFee: [{ effectiveAt: "2021-10-13T21:34:35.000Z", type: "INITIAL", amountMoney: { amount: 34n, currency: "USD" } }],
  status: "COMPLETED",
  locationId: "L88917AVBK2S5",
  orderId: "9ltv0bx5PuvGXUYHYHxYSKEqC3IZY",
  referenceId: "ord_1",
  ...overrides,
});

const refund = (overrides: Record<string, unknown> = {}) => ({
  id: "bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY_69MmgHubkLqx9wGhnmenRUHOaKitE6llfZuxcWYjGxd",
  createdAt: "2021-10-13T19:59:05.342Z",
  amountMoney: { amount: 555n, currency: "USD" },
  processingFee: [{ effectiveAt: "2021-10-13T21:34:35.000Z", type: "INITIAL", amountMoney: { amount: -34n, currency: "USD" } }],
  status: "COMPLETED",
  paymentId: "bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY",
  locationId: "L88917AVBK2S5",
  ...overrides,
});

describe("normalizeSquarePayment and normalizeSquareRefund", () => {
  it("read a payment at its location, in either money shape", () => {
    for (const money of [{ amount: 555n, currency: "USD" }, { amount: 555n, currency_code: "USD" }]) {
      const result = normalizeSquarePayment(payment({ amountMoney: money, totalMoney: money }));
      expect(result).toMatchObject({ ok: true, record: { grossMinor: 555n, feeMinor: 34n, netMinor: 521n, currency: "USD", merchantId: "L88917AVBK2S5", relatedIds: ["9ltv0bx5PuvGXUYHYHxYSKEqC3IZY"] } });
    }
  });

  it("read a refund whose processing fee Square gives back (negative, as in Square's example): net is what the balance loses", () => {
    expect(normalizeSquareRefund(refund())).toMatchObject({ ok: true, record: { type: "refund", grossMinor: -555n, feeMinor: -34n, netMinor: -521n, relatedIds: ["bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY"] } });
  });

  it("quarantine a fee in another currency and money without a currency, naming the field", () => {
    const foreignFee = payment({ processingFee: [{ amountMoney: { amount: 34n, currency_code: "EUR" } }] });
    expect(normalizeSquarePayment(foreignFee)).toMatchObject({ ok: false, rejected: { reason: "processingFee.0.amountMoney: EUR on a USD record" } });
    expect(normalizeSquareRefund(refund({ amountMoney: { amount: 555n } }))).toMatchObject({
      ok: false,
      rejected: { externalId: refund().id, reason: "amountMoney.currency: missing (neither currency nor currency_code is set)" },
    });
  });
});
