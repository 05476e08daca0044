import { dayWindow } from "@recon/domain";
import { planPayment, shuffle } from "./scenario-parts";
import type { Rng } from "./prng";
import { renderAdjustment, renderApplicationFee, renderStripeFee, renderTopup, renderTransfer } from "./stripe-balance-objects";
import { renderCharge, renderDispute, renderRefund } from "./stripe-payment-objects";
import { stripeAmountBetween } from "./stripe-scenario";
import type { StripeBalanceTransaction, StripeSourceObject } from "./stripe-types";

/** Below this size a Stripe day holds charges only (and no payouts), as it always did. */
export const STRIPE_FULL_DAY_MIN_SIZE = 20;

/** How many balance transactions of each kind a day of `size` holds; they add up to `size`. */
export interface StripeActivityCounts {
  charges: number;
  /** Refunds, of which `fullRefunds` refund the whole charge. */
  refunds: number;
  fullRefunds: number;
  /** Disputes, of which `wonDisputes` are won the same day (a second, reversing adjustment each). */
  disputes: number;
  wonDisputes: number;
  stripeFees: number;
  applicationFees: number;
  transfers: number;
  adjustments: number;
  topups: number;
}

export function stripeActivityCounts(size: number): StripeActivityCounts {
  const none = { refunds: 0, fullRefunds: 0, disputes: 0, wonDisputes: 0, stripeFees: 0, applicationFees: 0, transfers: 0, adjustments: 0, topups: 0 };
  if (size < STRIPE_FULL_DAY_MIN_SIZE) return { charges: size, ...none };
  const refunds = Math.max(2, Math.round(size * 0.04));
  const disputes = Math.max(2, Math.round(size * 0.015));
  const perCent = Math.max(1, Math.round(size * 0.01));
  const counts = {
    refunds,
    fullRefunds: Math.max(1, Math.floor(refunds / 3)),
    disputes,
    wonDisputes: Math.floor(disputes / 2),
    stripeFees: perCent,
    applicationFees: perCent,
    transfers: perCent,
    adjustments: 1,
    topups: 1,
  };
  const others =
    counts.refunds + counts.disputes + counts.wonDisputes + counts.stripeFees + counts.applicationFees + counts.transfers + counts.adjustments + counts.topups;
  return { charges: size - others, ...counts };
}

/** One day's balance activity (everything but payouts), with the objects behind it. */
export interface StripeActivity {
  runDate: string;
  balanceTransactions: StripeBalanceTransaction[];
  sources: StripeSourceObject[];
}

const HOUR = 3_600;
const DAY = 86_400;
/**
 * A refunded or disputed charge happens in the first 18 hours, so that its refund (up to 4 h
 * later), dispute (up to 3 h) and dispute reversal (up to 2 h after that) stay inside the day:
 * the sandbox keeps them with their charge so every object it serves agrees with the others
 * (in life a refund or dispute often comes days later).
 */
const LINKED_CHARGE_WINDOW = 18 * HOUR;

const STRIPE_FEE_DESCRIPTIONS = ["Radar for Fraud Teams", "Billing usage fee", "Connect active account fee"];

/**
 * The balance activity of one day, deterministic for `rng`: charges (about 10% held, so still
 * pending), refunds of some (a third of them in full), disputes of others (half won the same
 * day), Stripe's own fees, application fees collected, transfers to connected accounts, an
 * adjustment and a top-up. Charges, refunds, disputes, application fees and transfers mix USD,
 * JPY and KWD like every sandbox day; Stripe's fees, adjustments and top-ups are in USD.
 */
export function generateStripeActivity(rng: Rng, runDate: string, size: number): StripeActivity {
  const dayStart = Math.floor(dayWindow(runDate).start.getTime() / 1000);
  const counts = stripeActivityCounts(size);
  const balanceTransactions: StripeBalanceTransaction[] = [];
  const sources: StripeSourceObject[] = [];

  const roles = shuffle(rng, Array.from({ length: counts.charges }, (_, i) => i));
  const refunded = new Map(roles.slice(0, counts.refunds).map((index, k) => [index, k < counts.fullRefunds]));
  const disputed = new Map(
    roles.slice(counts.refunds, counts.refunds + counts.disputes).map((index, k) => [index, k < counts.wonDisputes]),
  );
  for (let index = 0; index < counts.charges; index++) {
    const payment = planPayment(rng, dayStart);
    const linked = refunded.has(index) || disputed.has(index);
    if (linked) payment.occurredAt = dayStart + rng.int(0, LINKED_CHARGE_WINDOW - 1);
    const { balanceTransaction, charge } = renderCharge(rng, payment, rng.chance(0.1));
    balanceTransactions.push(balanceTransaction);
    sources.push(charge);
    const full = refunded.get(index);
    if (full !== undefined) {
      const step = payment.currency === "KWD" ? 10n : 1n;
      const amount = full ? payment.amountMinor : stripeAmountBetween(rng, payment.currency, payment.amountMinor / 10n, payment.amountMinor - step);
      const refund = renderRefund(rng, charge, amount, payment.occurredAt + rng.int(10 * 60, 4 * HOUR));
      balanceTransactions.push(refund.balanceTransaction);
      sources.push(refund.refund);
    }
    const won = disputed.get(index);
    if (won !== undefined) {
      const at = payment.occurredAt + rng.int(10 * 60, 3 * HOUR);
      const dispute = renderDispute(rng, charge, at, won ? at + rng.int(10 * 60, 2 * HOUR) : null);
      balanceTransactions.push(...dispute.balanceTransactions);
      sources.push(dispute.dispute);
    }
  }
  const anyTime = (): number => dayStart + rng.int(0, DAY - 1);
  for (let i = 0; i < counts.stripeFees; i++) {
    const name = rng.pick(STRIPE_FEE_DESCRIPTIONS);
    balanceTransactions.push(renderStripeFee(rng, "USD", BigInt(rng.int(200, 5_000)), anyTime(), `${name} (${runDate})`));
  }
  for (let i = 0; i < counts.applicationFees; i++) {
    // The fee a platform takes on a connected account's payment: about 5-10% of a payment.
    const payment = planPayment(rng, dayStart);
    const step = payment.currency === "KWD" ? 10n : 1n;
    const amount = stripeAmountBetween(rng, payment.currency, payment.amountMinor / 20n + step, payment.amountMinor / 10n + step);
    const fee = renderApplicationFee(rng, payment.currency, amount, payment.occurredAt);
    balanceTransactions.push(fee.balanceTransaction);
    sources.push(fee.applicationFee);
  }
  for (let i = 0; i < counts.transfers; i++) {
    const payment = planPayment(rng, dayStart);
    const transfer = renderTransfer(rng, payment.currency, payment.amountMinor, payment.occurredAt);
    balanceTransactions.push(transfer.balanceTransaction);
    sources.push(transfer.transfer);
  }
  for (let i = 0; i < counts.adjustments; i++) {
    const magnitude = BigInt(rng.int(100, 3_000));
    balanceTransactions.push(renderAdjustment(rng, "USD", rng.chance(0.5) ? magnitude : -magnitude, anyTime(), "Balance correction"));
  }
  for (let i = 0; i < counts.topups; i++) {
    const topup = renderTopup(rng, "USD", BigInt(rng.int(50_000, 500_000)), anyTime());
    balanceTransactions.push(topup.balanceTransaction);
    sources.push(topup.topup);
  }
  return { runDate, balanceTransactions, sources };
}
