import type { ProcessorKit } from "./processor-kit";
import { percentFee } from "./processor-kit";
import type { Rng } from "./prng";
import type { SquarePayment, SquarePayout, SquarePayoutEntry, SquareRawData, SquareRefund } from "./square-types";
import type { PlannedPayment } from "./stripe-scenario";

const LOCATION_ID = "LSANDBOX0RECON";

/** Square payment and order ids: 29 alphanumerics. */
export function squareId(rng: Rng): string {
  return rng.chars(29);
}

/** Square's online rate: 2.9% + 30¢; JPY 3.6%, no fixed part; KWD 2.9% + 0.100. */
export function squareFee(currency: string, amountMinor: bigint): bigint {
  if (currency === "JPY") return percentFee(amountMinor, 360n, 0n);
  if (currency === "KWD") return percentFee(amountMinor, 290n, 100n);
  return percentFee(amountMinor, 290n, 30n);
}

const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/**
 * Renders payments as completed card payments whose `reference_id` is the merchant's order id,
 * and about 3% of them with a completed partial refund (its own record at /v2/refunds).
 */
export function createSquareKit(): ProcessorKit<SquareRawData> {
  const payments: SquarePayment[] = [];
  const refunds: SquareRefund[] = [];
  let lastDayEnd = 0;
  return {
    render(rng, payment: PlannedPayment, dayEnd) {
      lastDayEnd = dayEnd;
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
    raw: () => ({ payments, refunds, ...renderPayouts(payments, refunds, lastDayEnd) }),
  };
}

/** Square's monthly card-reader subscription, charged once on the day's USD payout. */
const PAYOUT_FEE_USD = 4_900;

/**
 * The day's payouts, derived from its payments and refunds without drawing from the PRNG (so the
 * rest of the scenario is unchanged): one PAID payout per currency, created in the day's last
 * second and arriving the next day, whose entries are every CHARGE (gross total, fee the
 * processing fee), every REFUND (negative) and, on the USD payout, one FEE. Its amount is the
 * sum of the entries' nets.
 */
function renderPayouts(
  payments: SquarePayment[],
  refunds: SquareRefund[],
  dayEnd: number,
): Pick<SquareRawData, "payouts" | "payoutEntries"> {
  const payouts: SquarePayout[] = [];
  const payoutEntries: Record<string, SquarePayoutEntry[]> = {};
  if (payments.length === 0) return { payouts, payoutEntries };
  const createdAt = iso(dayEnd - 1);
  const arrivalDate = iso(dayEnd).slice(0, 10);
  const currencies = [...new Set(payments.map((p) => p.total_money.currency))].sort();
  for (const currency of currencies) {
    const id = `po_${payments.find((p) => p.total_money.currency === currency)!.id.slice(0, 20)}${currency}`;
    const money = (amount: number) => ({ amount, currency });
    const entries: SquarePayoutEntry[] = [];
    for (const p of payments) {
      if (p.total_money.currency !== currency) continue;
      const fee = p.processing_fee.reduce((sum, f) => sum + f.amount_money.amount, 0);
      entries.push({
        id: "",
        payout_id: id,
        effective_at: p.created_at,
        type: "CHARGE",
        gross_amount_money: money(p.total_money.amount),
        fee_amount_money: money(fee),
        net_amount_money: money(p.total_money.amount - fee),
        type_charge_details: { payment_id: p.id },
      });
    }
    for (const r of refunds) {
      if (r.amount_money.currency !== currency) continue;
      entries.push({
        id: "",
        payout_id: id,
        effective_at: r.created_at,
        type: "REFUND",
        gross_amount_money: money(-r.amount_money.amount),
        fee_amount_money: money(0),
        net_amount_money: money(-r.amount_money.amount),
        type_refund_details: { payment_id: r.payment_id, refund_id: r.id },
      });
    }
    if (currency === "USD") {
      entries.push({
        id: "",
        payout_id: id,
        effective_at: createdAt,
        type: "FEE",
        gross_amount_money: money(0),
        fee_amount_money: money(PAYOUT_FEE_USD),
        net_amount_money: money(-PAYOUT_FEE_USD),
        type_fee_details: {},
      });
    }
    entries.sort((a, b) => (a.effective_at < b.effective_at ? -1 : a.effective_at > b.effective_at ? 1 : 0));
    entries.forEach((e, i) => (e.id = `poe_${id.slice(3)}_${String(i + 1).padStart(4, "0")}`));
    payoutEntries[id] = entries;
    payouts.push({
      id,
      status: "PAID",
      location_id: LOCATION_ID,
      created_at: createdAt,
      updated_at: createdAt,
      amount_money: money(entries.reduce((sum, e) => sum + e.net_amount_money.amount, 0)),
      destination: { type: "BANK_ACCOUNT", id: "ba_SANDBOX0RECON" },
      version: 1,
      type: "BATCH",
      arrival_date: arrivalDate,
    });
  }
  payouts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { payouts, payoutEntries };
}
