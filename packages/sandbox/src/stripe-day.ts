import { dayWindow, emptyKindCounts, formatMinorUnits, type TransactionStatus } from "@recon/domain";
import { compareLedger, ledgerId, ledgerRecord, planPayment, shiftedAmount, shuffle } from "./scenario-parts";
import type { LedgerRecord } from "./ledger-record";
import { deriveSeed, mulberry32, type Rng } from "./prng";
import type { StripeScenario, TruthItem } from "./scenario-types";
import { generateStripeActivity, STRIPE_FULL_DAY_MIN_SIZE, type StripeActivity } from "./stripe-activity";
import { generateStripePayouts, PAYOUT_DELAY_DAYS, shiftDay, type StripePayouts } from "./stripe-payouts";
import { stripeAmountBetween, stripeId } from "./stripe-scenario";
import type { StripeBalanceTransaction, StripeCharge, StripeSourceObject } from "./stripe-types";

/**
 * The activity of one Stripe day, from the same seed generateScenario derives for that day, so
 * the activity a payout pays out is exactly what that earlier day serves.
 */
function activityOf(seed: number, runDate: string, size: number): { rng: Rng; activity: StripeActivity } {
  const rng = mulberry32(deriveSeed(seed, "stripe", runDate, size));
  return { rng, activity: generateStripeActivity(rng, runDate, size) };
}

/** How the ledger books one balance transaction when it books it right. */
interface Booking {
  processorRef: string;
  reference: string | null;
  status: TransactionStatus;
  /** Null when the ledger records no expected fee. */
  feeMinor: bigint | null;
}

/**
 * The ledger's booking of a balance transaction, by the id its own systems know:
 * - a charge by its charge id, or (about 1 in 5) its payment intent; "refunded" once refunded in
 *   full, as the charge then says; the processing fee it expects;
 * - a refund by the refund id (not the charge, which the charge's own row names: a refund
 *   missing from Stripe would then read as a duplicate of the payment), a dispute and its
 *   reversal both by the dispute id, with the dispute fee (given back on the reversal);
 * - a payout, application fee, transfer or top-up by its own id; a payout still in transit is
 *   "pending";
 * - Stripe's own fees and adjustments, which have no object behind them, by the balance
 *   transaction id.
 * Refunds, disputes and their reversals carry the charge's order reference.
 */
function bookingOf(rng: Rng, txn: StripeBalanceTransaction, sources: Map<string, StripeSourceObject>): Booking {
  const source = typeof txn.source === "string" ? sources.get(txn.source) : undefined;
  const chargeOf = (id: string): StripeCharge => sources.get(id) as StripeCharge;
  const base = { reference: null, status: "succeeded" as const, feeMinor: null };
  if (source === undefined) return { ...base, processorRef: txn.id };
  switch (source.object) {
    case "charge":
      return {
        processorRef: rng.chance(0.2) && source.payment_intent !== null ? source.payment_intent : source.id,
        reference: source.metadata.order_id ?? null,
        status: source.refunded ? "refunded" : "succeeded",
        feeMinor: BigInt(txn.fee),
      };
    case "refund":
      return { ...base, processorRef: source.id, reference: chargeOf(source.charge).metadata.order_id ?? null };
    case "dispute":
      return { ...base, processorRef: source.id, reference: chargeOf(source.charge).metadata.order_id ?? null, feeMinor: BigInt(txn.fee) };
    case "payout":
      return { ...base, processorRef: source.id, status: source.status === "paid" ? "succeeded" : "pending" };
    default:
      return { ...base, processorRef: source.id };
  }
}

/**
 * Builds one Stripe day: its balance activity (see generateStripeActivity), the automatic payouts
 * of the activity two days earlier, the ledger's bookings and the truth. Deterministic from
 * (seed, runDate, size).
 *
 * Injected (none below size 10): 2..5 of each on charges (missing_in_internal, amount_mismatch,
 * and ledger rows naming a charge Stripe never issued: missing_in_processor); on a full day
 * (size >= 20) also a partial refund, a dispute and a Stripe fee the ledger never booked
 * (missing_in_internal), a payout and a transfer booked with another amount (amount_mismatch),
 * and a refund the ledger booked that Stripe never made (missing_in_processor). Refunded and
 * disputed charges are never among the injected ones, and a dispute left unbooked is never one
 * that was won, so every injection is exactly what the engine reports (see docs/engine.md: a
 * record is paired by its own id, then its related ids in order, earliest record first).
 */
export function generateStripeScenario(runDate: string, seed: number, size: number): StripeScenario {
  const dayStart = Math.floor(dayWindow(runDate).start.getTime() / 1000);
  const { rng, activity } = activityOf(seed, runDate, size);
  const full = size >= STRIPE_FULL_DAY_MIN_SIZE;
  const earlierDay = shiftDay(runDate, -PAYOUT_DELAY_DAYS);
  const payouts: StripePayouts = full
    ? generateStripePayouts(mulberry32(deriveSeed(seed, "stripe", runDate, size, "payouts")), runDate, activityOf(seed, earlierDay, size).activity)
    : { balanceTransactions: [], payouts: [], contents: {} };
  const balanceTransactions = [...activity.balanceTransactions, ...payouts.balanceTransactions];
  const sources = new Map<string, StripeSourceObject>([...activity.sources, ...payouts.payouts].map((s) => [s.id, s]));
  const sourceOf = (txn: StripeBalanceTransaction): StripeSourceObject | undefined =>
    typeof txn.source === "string" ? sources.get(txn.source) : undefined;

  // Injections on charges: only plain ones (no refund, no dispute), so no other record shares their ids.
  const few = (): number => Math.min(rng.int(2, 5), Math.floor(size / 10));
  const missingInInternal = few();
  const missingInProcessor = few();
  const amountMismatch = few();
  const plain = balanceTransactions.filter((t) => {
    const source = sourceOf(t);
    return source?.object === "charge" && source.amount_refunded === 0 && !source.disputed;
  });
  if (plain.length < missingInInternal + amountMismatch) throw new Error(`stripe day of size ${size}: too few plain charges to inject into`);
  const order = shuffle(rng, [...plain]);
  const missing = new Set(order.slice(0, missingInInternal));
  const mismatched = new Set(order.slice(missingInInternal, missingInInternal + amountMismatch));
  if (full) {
    const ofKind = (test: (t: StripeBalanceTransaction, s: StripeSourceObject | undefined) => boolean) =>
      balanceTransactions.filter((t) => test(t, sourceOf(t)));
    missing.add(rng.pick(ofKind((t, s) => s?.object === "refund" && s.amount < (sources.get(s.charge) as StripeCharge).amount)));
    missing.add(rng.pick(ofKind((t, s) => s?.object === "dispute" && s.status !== "won")));
    missing.add(rng.pick(ofKind((t) => t.type === "stripe_fee")));
    mismatched.add(rng.pick(ofKind((t) => t.type === "transfer")));
    if (payouts.balanceTransactions.length > 0) mismatched.add(rng.pick(payouts.balanceTransactions));
  }

  const items: TruthItem[] = [];
  const ledger: LedgerRecord[] = [];
  for (const txn of balanceTransactions) {
    if (missing.has(txn)) {
      items.push({ kind: "missing_in_internal", processorId: txn.id });
      continue;
    }
    const booking = bookingOf(rng, txn, sources);
    const currency = txn.currency.toUpperCase();
    let amountMinor = BigInt(txn.amount);
    const id = ledgerId(rng);
    if (mismatched.has(txn)) {
      const shifted = shiftedAmount(rng, { orderId: "", currency, amountMinor: amountMinor < 0n ? -amountMinor : amountMinor, feeMinor: 0n, occurredAt: txn.created });
      amountMinor = amountMinor < 0n ? -shifted : shifted;
      items.push({ kind: "amount_mismatch", processorId: txn.id, internalId: id });
    }
    ledger.push(ledgerRow(id, booking, currency, amountMinor, txn.created));
  }
  for (let i = 0; i < missingInProcessor; i++) {
    // A charge id that Stripe never issued: the ledger booked money Stripe does not have.
    const payment = planPayment(rng, dayStart);
    const id = ledgerId(rng);
    ledger.push(ledgerRecord(id, stripeId(rng, "ch"), payment, payment.amountMinor));
    items.push({ kind: "missing_in_processor", internalId: id });
  }
  if (full) {
    // A refund the ledger booked that Stripe never made.
    const payment = planPayment(rng, dayStart);
    const amount = stripeAmountBetween(rng, payment.currency, payment.amountMinor / 10n, payment.amountMinor);
    const id = ledgerId(rng);
    const booking: Booking = { processorRef: stripeId(rng, "re"), reference: payment.orderId, status: "succeeded", feeMinor: null };
    ledger.push(ledgerRow(id, booking, payment.currency, -amount, payment.occurredAt));
    items.push({ kind: "missing_in_processor", internalId: id });
  }
  ledger.sort(compareLedger);
  const counts = emptyKindCounts();
  for (const item of items) counts[item.kind] += 1;
  return {
    processor: "stripe",
    runDate,
    seed,
    raw: { balanceTransactions, sources: [...sources.values()], payoutContents: payouts.contents },
    ledger,
    truth: { processor: "stripe", runDate, processorCount: balanceTransactions.length, internalCount: ledger.length, counts, items },
  };
}

function ledgerRow(id: string, booking: Booking, currency: string, amountMinor: bigint, occurredAt: number): LedgerRecord {
  const row = ledgerRecord(id, booking.processorRef, { orderId: "", currency, amountMinor, feeMinor: 0n, occurredAt }, amountMinor);
  return {
    ...row,
    reference: booking.reference,
    fee: booking.feeMinor === null ? null : formatMinorUnits(booking.feeMinor, currency),
    status: booking.status,
  };
}
