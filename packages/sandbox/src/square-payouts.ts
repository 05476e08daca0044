import { formatMinorUnits } from "@recon/domain";
import type { LedgerRecord } from "./ledger-record";
import { percentFee, type SettleContext, type SettledRecords } from "./processor-kit";
import type { Rng } from "./prng";
import type { TruthItem } from "./scenario-types";
import { SQUARE_MAIN_LOCATION_ID, SQUARE_SANDBOX_LOCATIONS } from "./square-locations";
import type { SquarePayment, SquarePayout, SquarePayoutEntry, SquarePayoutMoney, SquareRefund } from "./square-types";
import { wireAmount } from "./wire-amount";

/** The day's payouts and their entries (part of SquareRawData). */
export interface SquarePayoutDay {
  payouts: SquarePayout[];
  payoutEntries: Record<string, SquarePayoutEntry[]>;
}

/** Square's monthly card-reader subscription, charged on the main location's USD payout. */
const SQUARE_SUBSCRIPTION_FEE_USD = 4_900;
/** The instant transfer rate Square charges (1.75% of the balance sent). */
const INSTANT_TRANSFER_BPS = 175n;
/** The rate the sandbox ledger still expects for instant transfers: its fee is planted wrong. */
const LEDGER_INSTANT_TRANSFER_BPS = 150n;
/** The locations whose USD balance goes out by instant transfer to a debit card, with a transfer fee. */
const INSTANT_LOCATION_IDS: ReadonlySet<string> = new Set(["LSANDBOX0PIER", "LSANDBOX0CLOSED"]);
/** The instant transfer whose fee the ledger books at the old rate; the other one it books right. */
const MISBOOKED_FEE_LOCATION_ID = "LSANDBOX0CLOSED";

/** A payout's total transfer fee (payout_fee), 0 when it has none. */
function payoutFeeOf(payout: SquarePayout): number {
  return (payout.payout_fee ?? []).reduce((sum, fee) => sum + fee.amount_money.amount, 0);
}

const uuid = (rng: Rng): string => {
  const hex = rng.chars(32, "0123456789abcdef");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The day's payouts, one per (location, currency) that took payments, in the order of the
 * locations list then currency, created in the day's last second (PAID, arriving the next day).
 * Entries: every CHARGE (gross = the payment's total, fee = its processing fee), every REFUND
 * (negative gross, negative fee: the processing fee given back), the SUBSCRIPTION_FEE on the main
 * location's USD payout, and on the USD payouts of Bayside Pier and Cedar Mall, sent by instant
 * transfer to a debit card, a DEPOSIT_FEE entry for the transfer fee that its `payout_fee` lists.
 * The amount is the sum of the entries' nets (never zero: such a group gets no payout). Every
 * other payout, and every other entry, writes its money as `{amount, currency_code}` (Square's own
 * examples' shape).
 */
export function renderSquarePayouts(rng: Rng, payments: SquarePayment[], refunds: SquareRefund[], dayEnd: number): SquarePayoutDay {
  const payouts: SquarePayout[] = [];
  const payoutEntries: Record<string, SquarePayoutEntry[]> = {};
  const createdAt = new Date((dayEnd - 1) * 1000).toISOString();
  const arrivalDate = new Date(dayEnd * 1000).toISOString().slice(0, 10);
  for (const location of SQUARE_SANDBOX_LOCATIONS) {
    const taken = payments.filter((p) => p.location_id === location.id);
    const currencies = [...new Set(taken.map((p) => p.total_money.currency))].sort();
    for (const currency of currencies) {
      const id = `po_${uuid(rng)}`;
      const inCodeShape = payouts.length % 2 === 1;
      const money = (amount: number, codeShape: boolean): SquarePayoutMoney => (codeShape ? { amount, currency_code: currency } : { amount, currency });
      const entries = balanceActivity(taken, refunds, location.id, currency, createdAt);
      const balance = entries.reduce((sum, e) => sum + e.gross - e.fee, 0);
      const instant = INSTANT_LOCATION_IDS.has(location.id) && currency === "USD" && balance > 0;
      const transferFee = instant ? wireAmount(percentFee(BigInt(balance), INSTANT_TRANSFER_BPS, 0n)) : 0;
      if (transferFee > 0) entries.push({ effective_at: createdAt, type: "DEPOSIT_FEE", gross: 0, fee: transferFee, type_deposit_fee_details: { payout_id: id } });
      const amount = balance - transferFee;
      if (amount === 0) continue;
      entries.sort((a, b) => (a.effective_at < b.effective_at ? -1 : a.effective_at > b.effective_at ? 1 : 0));
      payoutEntries[id] = entries.map(({ gross, fee, ...entry }, index) => {
        const codeShape = index % 2 === 1;
        return {
          id: `poe_${rng.chars(28)}`,
          payout_id: id,
          ...entry,
          gross_amount_money: money(gross, codeShape),
          fee_amount_money: money(fee, codeShape),
          net_amount_money: money(gross - fee, codeShape),
        };
      });
      payouts.push({
        id,
        status: "PAID",
        location_id: location.id,
        created_at: createdAt,
        updated_at: createdAt,
        amount_money: money(amount, inCodeShape),
        destination: instant ? { type: "CARD", id: `ccof:${rng.chars(18)}` } : { type: "BANK_ACCOUNT", id: `bact:${rng.chars(18)}` },
        version: 1,
        type: "BATCH",
        ...(transferFee > 0 ? { payout_fee: [{ amount_money: money(transferFee, inCodeShape), effective_at: createdAt, type: "TRANSFER_FEE" as const }] } : {}),
        arrival_date: arrivalDate,
        end_to_end_id: `L2${rng.chars(9, "0123456789")}`,
      });
    }
  }
  return { payouts, payoutEntries };
}

/** An entry before it gets its id and its money written in one of the two shapes. */
type DraftEntry = Pick<SquarePayoutEntry, "effective_at" | "type" | "type_charge_details" | "type_refund_details" | "type_deposit_fee_details"> & {
  gross: number;
  fee: number;
};

/** What one location's balance in one currency took in and gave back during the day. */
function balanceActivity(payments: SquarePayment[], refunds: SquareRefund[], locationId: string, currency: string, createdAt: string): DraftEntry[] {
  const entries: DraftEntry[] = [];
  for (const p of payments) {
    if (p.total_money.currency !== currency) continue;
    const fee = p.processing_fee.reduce((sum, f) => sum + f.amount_money.amount, 0);
    entries.push({ effective_at: p.created_at, type: "CHARGE", gross: p.total_money.amount, fee, type_charge_details: { payment_id: p.id } });
  }
  for (const r of refunds) {
    if (r.location_id !== locationId || r.amount_money.currency !== currency) continue;
    const fee = (r.processing_fee ?? []).reduce((sum, f) => sum + f.amount_money.amount, 0);
    entries.push({ effective_at: r.created_at, type: "REFUND", gross: -r.amount_money.amount, fee, type_refund_details: { payment_id: r.payment_id, refund_id: r.id } });
  }
  if (locationId === SQUARE_MAIN_LOCATION_ID && currency === "USD") {
    entries.push({ effective_at: createdAt, type: "SUBSCRIPTION_FEE", gross: -SQUARE_SUBSCRIPTION_FEE_USD, fee: 0 });
  }
  return entries;
}

/**
 * The ledger's bookings of the day's payouts: the payout id as processor_ref, the amount that
 * reaches the bank as money leaving the Square balance (negative, as the connector's gross), the
 * transfer fee as the expected fee, at the payout's creation time. Planted (unless the day is too
 * small): the main location's USD payout booked before Square took the subscription fee
 * (amount_mismatch), Cedar Mall's instant transfer fee booked at the old rate (fee_mismatch; Bayside
 * Pier's is booked right, so reading the fee matters) and one payout of a non-main location that
 * is not an instant transfer never booked (missing_in_internal).
 */
export function bookSquarePayouts(day: SquarePayoutDay, context: SettleContext): SettledRecords {
  const { payouts } = day;
  const items: TruthItem[] = [];
  const ledger: LedgerRecord[] = [];
  const mainUsd = payouts.find((p) => p.location_id === SQUARE_MAIN_LOCATION_ID && currencyOf(p) === "USD");
  const misbookedFee = payouts.find((p) => p.location_id === MISBOOKED_FEE_LOCATION_ID && payoutFeeOf(p) > 0);
  const unbookable = payouts.filter((p) => p.location_id !== SQUARE_MAIN_LOCATION_ID && payoutFeeOf(p) === 0);
  const missing = context.plant && unbookable.length > 0 ? context.rng.pick(unbookable) : undefined;
  for (const payout of payouts) {
    const currency = currencyOf(payout);
    if (payout === missing) {
      items.push({ kind: "missing_in_internal", processorId: payout.id });
      continue;
    }
    const id = context.ledgerId();
    let amount = -payout.amount_money.amount;
    let fee = payoutFeeOf(payout);
    if (context.plant && payout === mainUsd) {
      amount -= SQUARE_SUBSCRIPTION_FEE_USD;
      items.push({ kind: "amount_mismatch", processorId: payout.id, internalId: id });
    } else if (context.plant && payout === misbookedFee) {
      const expected = wireAmount(percentFee(BigInt(payout.amount_money.amount + fee), LEDGER_INSTANT_TRANSFER_BPS, 0n));
      if (expected !== fee) {
        fee = expected;
        items.push({ kind: "fee_mismatch", processorId: payout.id, internalId: id });
      }
    }
    ledger.push({
      id,
      processor: "square",
      processor_ref: payout.id,
      reference: null,
      amount: formatMinorUnits(BigInt(amount), currency),
      currency,
      fee: formatMinorUnits(BigInt(fee), currency),
      status: "succeeded",
      occurred_at: payout.created_at,
    });
  }
  return { processorCount: payouts.length, ledger, items };
}

function currencyOf(payout: SquarePayout): string {
  const money = payout.amount_money;
  return "currency" in money ? money.currency : money.currency_code;
}
