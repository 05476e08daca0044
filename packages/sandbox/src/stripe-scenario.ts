import type { Rng } from "./prng";
import type { StripeBalanceTransaction, StripeCharge } from "./stripe-types";

/** A payment the generator decided happened, before any processor gives it ids. */
export interface PlannedPayment {
  orderId: string;
  /** Upper-case ISO 4217. */
  currency: string;
  amountMinor: bigint;
  feeMinor: bigint;
  /** Unix seconds. */
  occurredAt: number;
}

export interface RenderedStripePayment {
  /** The balance transaction id (txn_), the record the connector yields as externalId. */
  processorId: string;
  chargeId: string;
  paymentIntentId: string;
  balanceTransaction: StripeBalanceTransaction;
  charge: StripeCharge;
}

const DAY = 86_400;

/** Stripe-style ids: prefix + 24 alphanumerics, as real test-mode ids look. */
export function stripeId(rng: Rng, prefix: "txn" | "ch" | "pi"): string {
  return `${prefix}_${rng.chars(24)}`;
}

/** Turns a planned payment into the charge and its balance transaction as Stripe returns them. */
export function renderStripePayment(rng: Rng, payment: PlannedPayment): RenderedStripePayment {
  const txnId = stripeId(rng, "txn");
  const chargeId = stripeId(rng, "ch");
  const paymentIntentId = stripeId(rng, "pi");
  const currency = payment.currency.toLowerCase();
  const amount = Number(payment.amountMinor);
  const fee = Number(payment.feeMinor);
  // Funds become available two days later at midnight UTC; a few recent ones still pending
  // (a pending balance is still a succeeded payment, so reconciliation must not flag it).
  const availableOn = Math.floor(payment.occurredAt / DAY) * DAY + 2 * DAY;
  const status = rng.chance(0.1) ? "pending" : "available";
  const charge: StripeCharge = {
    id: chargeId,
    object: "charge",
    amount,
    amount_captured: amount,
    amount_refunded: 0,
    balance_transaction: txnId,
    captured: true,
    created: payment.occurredAt,
    currency,
    description: `Order ${payment.orderId}`,
    disputed: false,
    livemode: false,
    metadata: { order_id: payment.orderId },
    paid: true,
    payment_intent: paymentIntentId,
    refunded: false,
    status: "succeeded",
  };
  const balanceTransaction: StripeBalanceTransaction = {
    id: txnId,
    object: "balance_transaction",
    amount,
    available_on: availableOn,
    created: payment.occurredAt,
    currency,
    description: `Order ${payment.orderId}`,
    exchange_rate: null,
    fee,
    fee_details: [{ amount: fee, application: null, currency, description: "Stripe processing fees", type: "stripe_fee" }],
    net: amount - fee,
    reporting_category: "charge",
    source: chargeId,
    status,
    type: "charge",
  };
  return { processorId: txnId, chargeId, paymentIntentId, balanceTransaction, charge };
}

/**
 * Stripe's standard card pricing: 2.9% + 30¢ on USD, 3.6% on JPY (zero-decimal, no fixed part),
 * 2.9% + 0.100 KWD rounded to 10 fils (Stripe's three-decimal amounts end in 0).
 */
export function stripeFee(currency: string, amountMinor: bigint): bigint {
  if (currency === "JPY") return (amountMinor * 36n + 500n) / 1000n;
  if (currency === "KWD") return ((amountMinor * 29n + 5_000n) / 10_000n) * 10n + 100n;
  return (amountMinor * 29n + 500n) / 1000n + 30n;
}
