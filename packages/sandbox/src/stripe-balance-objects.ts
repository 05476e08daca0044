import type { Rng } from "./prng";
import { AVAILABLE_AFTER_DAYS, balanceTransaction, emptyList, midnightAfter } from "./stripe-balance-transaction";
import { stripeId } from "./stripe-scenario";
import type { StripeApplicationFee, StripeBalanceTransaction, StripePayout, StripeTopup, StripeTransfer } from "./stripe-types";
import { wireAmount } from "./wire-amount";

// The other movements of the balance, as Stripe writes them: its own fees and adjustments (no
// object behind them), application fees, transfers, top-ups and payouts.

/** One of Stripe's own fees (Radar, Billing, Connect...): a debit with no object behind it. */
export function renderStripeFee(rng: Rng, currency: string, amountMinor: bigint, at: number, description: string): StripeBalanceTransaction {
  return balanceTransaction(stripeId(rng, "txn"), {
    type: "stripe_fee",
    reportingCategory: "fee",
    currency,
    amount: -amountMinor,
    created: at,
    source: null,
    description,
  });
}

/** Any other adjustment of the balance Stripe makes (a correction, a reserve release): no object behind it. */
export function renderAdjustment(rng: Rng, currency: string, amountMinor: bigint, at: number, description: string): StripeBalanceTransaction {
  return balanceTransaction(stripeId(rng, "txn"), {
    type: "adjustment",
    reportingCategory: "other_adjustment",
    currency,
    amount: amountMinor,
    created: at,
    source: null,
    description,
  });
}

/** An application fee this (platform) account collected on a connected account's charge: money in. */
export function renderApplicationFee(
  rng: Rng,
  currency: string,
  amountMinor: bigint,
  at: number,
): { balanceTransaction: StripeBalanceTransaction; applicationFee: StripeApplicationFee } {
  const txnId = stripeId(rng, "txn");
  const id = stripeId(rng, "fee");
  const applicationFee: StripeApplicationFee = {
    id,
    object: "application_fee",
    account: stripeId(rng, "acct"),
    amount: wireAmount(amountMinor),
    amount_refunded: 0,
    application: stripeId(rng, "ca"),
    balance_transaction: txnId,
    charge: stripeId(rng, "ch"),
    created: at,
    currency: currency.toLowerCase(),
    livemode: false,
    originating_transaction: null,
    refunded: false,
    refunds: emptyList(`/v1/application_fees/${id}/refunds`),
  };
  const balance = balanceTransaction(txnId, {
    type: "application_fee",
    reportingCategory: "platform_earning",
    currency,
    amount: amountMinor,
    created: at,
    source: id,
    description: null,
  });
  return { balanceTransaction: balance, applicationFee };
}

/** A transfer to a connected account: money leaving the balance. */
export function renderTransfer(
  rng: Rng,
  currency: string,
  amountMinor: bigint,
  at: number,
): { balanceTransaction: StripeBalanceTransaction; transfer: StripeTransfer } {
  const txnId = stripeId(rng, "txn");
  const id = stripeId(rng, "tr");
  const transfer: StripeTransfer = {
    id,
    object: "transfer",
    amount: wireAmount(amountMinor),
    amount_reversed: 0,
    balance_transaction: txnId,
    created: at,
    currency: currency.toLowerCase(),
    description: null,
    destination: stripeId(rng, "acct"),
    destination_payment: stripeId(rng, "py"),
    livemode: false,
    metadata: {},
    reversals: emptyList(`/v1/transfers/${id}/reversals`),
    reversed: false,
    source_transaction: null,
    source_type: "card",
    transfer_group: null,
  };
  const balance = balanceTransaction(txnId, {
    type: "transfer",
    reportingCategory: "transfer",
    currency,
    amount: -amountMinor,
    created: at,
    source: id,
    description: null,
  });
  return { balanceTransaction: balance, transfer };
}

/** A top-up of the balance from the bank account: money in. */
export function renderTopup(rng: Rng, currency: string, amountMinor: bigint, at: number): { balanceTransaction: StripeBalanceTransaction; topup: StripeTopup } {
  const txnId = stripeId(rng, "txn");
  const id = stripeId(rng, "tu");
  const topup: StripeTopup = {
    id,
    object: "topup",
    amount: wireAmount(amountMinor),
    balance_transaction: txnId,
    created: at,
    currency: currency.toLowerCase(),
    description: "Top-up to cover refunds",
    expected_availability_date: midnightAfter(at, AVAILABLE_AFTER_DAYS),
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    source: null,
    statement_descriptor: null,
    status: "succeeded",
    transfer_group: null,
  };
  const balance = balanceTransaction(txnId, {
    type: "topup",
    reportingCategory: "topup",
    currency,
    amount: amountMinor,
    created: at,
    source: id,
    description: topup.description,
  });
  return { balanceTransaction: balance, topup };
}

/**
 * An automatic payout to the bank account: money leaving the balance at once (available now),
 * arriving the next day. `in_transit` until the bank confirms, then `paid`.
 */
export function renderPayout(
  rng: Rng,
  currency: string,
  amountMinor: bigint,
  at: number,
  status: "paid" | "in_transit",
): { balanceTransaction: StripeBalanceTransaction; payout: StripePayout } {
  const txnId = stripeId(rng, "txn");
  const id = stripeId(rng, "po");
  const payout: StripePayout = {
    id,
    object: "payout",
    amount: wireAmount(amountMinor),
    arrival_date: midnightAfter(at, 1),
    automatic: true,
    balance_transaction: txnId,
    created: at,
    currency: currency.toLowerCase(),
    description: "STRIPE PAYOUT",
    destination: stripeId(rng, "ba"),
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: "standard",
    original_payout: null,
    reconciliation_status: "completed",
    reversed_by: null,
    source_type: "card",
    statement_descriptor: null,
    status,
    type: "bank_account",
  };
  const balance = balanceTransaction(txnId, {
    type: "payout",
    reportingCategory: "payout",
    currency,
    amount: -amountMinor,
    created: at,
    availableOn: at,
    source: id,
    description: "STRIPE PAYOUT",
  });
  return { balanceTransaction: balance, payout };
}
