import type { ProcessorKit } from "./processor-kit";
import { percentFee } from "./processor-kit";
import type { Rng } from "./prng";
import { SQUARE_LOCATION_SHARES, SQUARE_SANDBOX_LOCATIONS } from "./square-locations";
import { bookSquarePayouts, renderSquarePayouts, type SquarePayoutDay } from "./square-payouts";
import type { SquarePayment, SquareRawData, SquareRefund } from "./square-types";
import type { PlannedPayment } from "./stripe-scenario";
import { wireAmount } from "./wire-amount";

/** Square payment and order ids: 29 alphanumerics. */
function squareId(rng: Rng): string {
  return rng.chars(29);
}

/** Square's online rate: 2.9% + 30¢; JPY 3.6%, no fixed part; KWD 2.9% + 0.100. */
function squareFee(currency: string, amountMinor: bigint): bigint {
  if (currency === "JPY") return percentFee(amountMinor, 360n, 0n);
  if (currency === "KWD") return percentFee(amountMinor, 290n, 100n);
  return percentFee(amountMinor, 290n, 30n);
}

const isoSeconds = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/** The location a payment is taken at, by the shares of SQUARE_LOCATION_SHARES. */
function pickLocation(rng: Rng): string {
  const draw = rng.next();
  let cumulative = 0;
  for (const [index, share] of SQUARE_LOCATION_SHARES.entries()) {
    cumulative += share;
    if (draw < cumulative) return SQUARE_SANDBOX_LOCATIONS[index]!.id;
  }
  return SQUARE_SANDBOX_LOCATIONS.at(-1)!.id;
}

/**
 * Renders payments as completed card payments spread over the seller's locations, whose
 * `reference_id` is the merchant's order id; about 3% of them with a completed partial refund
 * (its own record at /v2/refunds) on which Square gives back its share of the processing fee.
 * Once the day is rendered, settle adds one payout per (location, currency) and its ledger
 * bookings (square-payouts.ts).
 */
export function createSquareKit(): ProcessorKit<SquareRawData> {
  const payments: SquarePayment[] = [];
  const refunds: SquareRefund[] = [];
  let settled: SquarePayoutDay = { payouts: [], payoutEntries: {} };
  return {
    render(rng, payment: PlannedPayment, dayEnd) {
      const id = squareId(rng);
      const orderId = squareId(rng);
      const locationId = pickLocation(rng);
      const money = (minor: bigint) => ({ amount: wireAmount(minor), currency: payment.currency });
      const fee = payment.feeMinor;
      const record: SquarePayment = {
        id,
        created_at: isoSeconds(payment.occurredAt),
        updated_at: isoSeconds(payment.occurredAt),
        amount_money: money(payment.amountMinor),
        total_money: money(payment.amountMinor),
        approved_money: money(payment.amountMinor),
        processing_fee: [{ effective_at: isoSeconds(payment.occurredAt), type: "INITIAL", amount_money: money(fee) }],
        status: "COMPLETED",
        source_type: "CARD",
        location_id: locationId,
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
        // Square returns the refunded share of the processing fee (a negative fee), as in its own example.
        const feeBack = (fee * amount) / payment.amountMinor;
        refunds.push({
          id: refundId,
          status: "COMPLETED",
          amount_money: money(amount),
          processing_fee: [{ effective_at: isoSeconds(occurredAt), type: "INITIAL", amount_money: money(-feeBack) }],
          payment_id: id,
          order_id: orderId,
          location_id: locationId,
          reason: "Returned goods",
          created_at: isoSeconds(occurredAt),
          updated_at: isoSeconds(occurredAt),
        });
        record.refunded_money = money(amount);
        record.refund_ids = [refundId];
        refund = { processorId: refundId, amountMinor: -amount, occurredAt };
      }
      return { processorId: id, alternateRef: orderId, refund };
    },
    fakeRef: squareId,
    fee: squareFee,
    settle(context) {
      settled = renderSquarePayouts(context.rng, payments, refunds, context.dayEnd);
      return bookSquarePayouts(settled, context);
    },
    raw: () => ({ payments, refunds, ...settled }),
  };
}
