import type { ProcessorKit } from "./processor-kit";
import { percentFee } from "./processor-kit";
import type { Rng } from "./prng";
import type { SquarePayment, SquareRawData, SquareRefund } from "./square-types";
import type { PlannedPayment } from "./stripe-scenario";

const LOCATION_ID = "LSANDBOX0RECON";

/** Square payment and order ids: 29 alphanumerics. */
export function squareId(rng: Rng): string {
  return rng.chars(29);
}

/** Square's online rate: 2.9% + 30¢; JPY 3.6%, no fixed part. */
export function squareFee(currency: string, amountMinor: bigint): bigint {
  return currency === "JPY" ? percentFee(amountMinor, 360n, 0n) : percentFee(amountMinor, 290n, 30n);
}

const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/**
 * Renders payments as completed card payments whose `reference_id` is the merchant's order id,
 * and about 3% of them with a completed partial refund (its own record at /v2/refunds).
 */
export function createSquareKit(): ProcessorKit<SquareRawData> {
  const payments: SquarePayment[] = [];
  const refunds: SquareRefund[] = [];
  return {
    render(rng, payment: PlannedPayment, dayEnd) {
      const id = squareId(rng);
      const orderId = squareId(rng);
      const money = (minor: bigint) => ({ amount: Number(minor), currency: payment.currency });
      const fee = payment.feeMinor;
      const record: SquarePayment = {
        id,
        created_at: iso(payment.occurredAt),
        updated_at: iso(payment.occurredAt),
        amount_money: money(payment.amountMinor),
        total_money: money(payment.amountMinor),
        approved_money: money(payment.amountMinor),
        processing_fee: [{ effective_at: iso(payment.occurredAt), type: "INITIAL", amount_money: money(fee) }],
        status: "COMPLETED",
        source_type: "CARD",
        location_id: LOCATION_ID,
        order_id: orderId,
        reference_id: payment.orderId,
        receipt_number: id.slice(0, 4),
        version_token: rng.chars(40),
      };
      payments.push(record);
      let refund = null;
      if (rng.chance(0.03)) {
        const refundId = `${id}_${rng.chars(43)}`;
        const occurredAt = Math.min(payment.occurredAt + rng.int(60, 7_200), dayEnd - 1);
        const amount = payment.amountMinor / 2n;
        refunds.push({
          id: refundId,
          status: "COMPLETED",
          amount_money: money(amount),
          payment_id: id,
          order_id: orderId,
          location_id: LOCATION_ID,
          reason: "Returned goods",
          created_at: iso(occurredAt),
          updated_at: iso(occurredAt),
        });
        record.refunded_money = money(amount);
        record.refund_ids = [refundId];
        refund = { processorId: refundId, amountMinor: -amount, occurredAt };
      }
      return { processorId: id, alternateRef: orderId, refund };
    },
    fakeRef: squareId,
    fee: squareFee,
    raw: () => ({ payments, refunds }),
  };
}
