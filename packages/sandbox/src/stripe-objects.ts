import type { Rng } from "./prng";
import { disputeFee, stripeId, type PlannedPayment } from "./stripe-scenario";
import type {
  StripeApplicationFee,
  StripeBalanceTransaction,
  StripeBalanceTransactionType,
  StripeCharge,
  StripeDispute,
  StripeDisputeEvidence,
  StripeFeeDetail,
  StripePayout,
  StripeRefund,
  StripeTopup,
  StripeTransfer,
} from "./stripe-types";

// Renders the day's money movements as Stripe writes them: each a balance transaction (signed
// gross, fee, net = gross - fee) and, except Stripe's own fees and adjustments, the object behind
// it. Amounts are bigint minor units until they reach the wire, where Stripe uses integers.

const DAY = 86_400;

/** Midnight UTC `days` after the day of `unixSeconds`. */
export function midnightAfter(unixSeconds: number, days: number): number {
  return Math.floor(unixSeconds / DAY) * DAY + days * DAY;
}

/** Funds of the day's activity become available two days later at midnight UTC (a held charge: seven). */
const AVAILABLE_AFTER_DAYS = 2;
const HELD_FOR_DAYS = 7;

interface BalanceMove {
  type: StripeBalanceTransactionType;
  reportingCategory: string;
  /** Upper-case ISO 4217. */
  currency: string;
  amount: bigint;
  fee?: bigint;
  feeDetails?: StripeFeeDetail[];
  created: number;
  availableOn?: number;
  status?: StripeBalanceTransaction["status"];
  source: string | null;
  description: string | null;
}

function balanceTransaction(id: string, move: BalanceMove): StripeBalanceTransaction {
  const fee = move.fee ?? 0n;
  return {
    id,
    object: "balance_transaction",
    amount: Number(move.amount),
    available_on: move.availableOn ?? midnightAfter(move.created, AVAILABLE_AFTER_DAYS),
    created: move.created,
    currency: move.currency.toLowerCase(),
    description: move.description,
    exchange_rate: null,
    fee: Number(fee),
    fee_details: move.feeDetails ?? [],
    net: Number(move.amount - fee),
    reporting_category: move.reportingCategory,
    source: move.source,
    status: move.status ?? "available",
    type: move.type,
  };
}

function stripeFeeDetail(amount: bigint, currency: string, description: string): StripeFeeDetail {
  return { amount: Number(amount), application: null, currency: currency.toLowerCase(), description, type: "stripe_fee" };
}

const emptyList = (url: string) => ({ object: "list" as const, data: [] as [], has_more: false as const, url });

/**
 * A card charge and its balance transaction. A held charge (Stripe holds some new or risky
 * payments) stays `pending` for seven days, so no payout of the sandbox pays it out.
 */
export function renderCharge(rng: Rng, payment: PlannedPayment, held: boolean): { balanceTransaction: StripeBalanceTransaction; charge: StripeCharge } {
  const txnId = stripeId(rng, "txn");
  const chargeId = stripeId(rng, "ch");
  const paymentIntentId = stripeId(rng, "pi");
  const paymentMethodId = stripeId(rng, "pm");
  const amount = Number(payment.amountMinor);
  const description = `Order ${payment.orderId}`;
  const charge: StripeCharge = {
    id: chargeId,
    object: "charge",
    amount,
    amount_captured: amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: txnId,
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
    calculated_statement_descriptor: "RECON SANDBOX",
    captured: true,
    created: payment.occurredAt,
    currency: payment.currency.toLowerCase(),
    customer: null,
    description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    invoice: null,
    livemode: false,
    metadata: { order_id: payment.orderId },
    on_behalf_of: null,
    paid: true,
    payment_intent: paymentIntentId,
    payment_method: paymentMethodId,
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
  const balance = balanceTransaction(txnId, {
    type: "charge",
    reportingCategory: "charge",
    currency: payment.currency,
    amount: payment.amountMinor,
    fee: payment.feeMinor,
    feeDetails: [stripeFeeDetail(payment.feeMinor, payment.currency, "Stripe processing fees")],
    created: payment.occurredAt,
    ...(held ? { availableOn: midnightAfter(payment.occurredAt, HELD_FOR_DAYS), status: "pending" as const } : {}),
    source: chargeId,
    description,
  });
  return { balanceTransaction: balance, charge };
}

/**
 * A refund of `amountMinor` of a charge, at `at`: money leaving the balance (negative, no fee:
 * Stripe keeps its processing fee). Updates the charge's amount_refunded and refunded, as Stripe does.
 */
export function renderRefund(rng: Rng, charge: StripeCharge, amountMinor: bigint, at: number): { balanceTransaction: StripeBalanceTransaction; refund: StripeRefund } {
  const txnId = stripeId(rng, "txn");
  const refund: StripeRefund = {
    id: stripeId(rng, "re"),
    object: "refund",
    amount: Number(amountMinor),
    balance_transaction: txnId,
    charge: charge.id,
    created: at,
    currency: charge.currency,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: "requested_by_customer",
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  charge.amount_refunded += refund.amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  const balance = balanceTransaction(txnId, {
    type: "refund",
    reportingCategory: "refund",
    currency: charge.currency.toUpperCase(),
    amount: -amountMinor,
    created: at,
    source: refund.id,
    description: `REFUND FOR CHARGE (${charge.description ?? charge.id})`,
  });
  return { balanceTransaction: balance, refund };
}

const EMPTY_EVIDENCE_FIELDS = [
  "access_activity_log", "billing_address", "cancellation_policy", "cancellation_policy_disclosure", "cancellation_rebuttal",
  "customer_communication", "customer_email_address", "customer_name", "customer_purchase_ip", "customer_signature",
  "duplicate_charge_documentation", "duplicate_charge_explanation", "duplicate_charge_id", "product_description", "receipt",
  "refund_policy", "refund_policy_disclosure", "refund_refusal_explanation", "service_date", "service_documentation",
  "shipping_address", "shipping_carrier", "shipping_date", "shipping_documentation", "shipping_tracking_number",
  "uncategorized_file", "uncategorized_text",
] as const;

/**
 * A dispute of the whole charge at `at`: Stripe writes it as an `adjustment` (reporting category
 * `dispute`) withdrawing the amount plus its dispute fee. When won (`wonAt`), a second adjustment
 * (`dispute_reversal`) reinstates the amount and gives the fee back. Both name the dispute as
 * source, and the dispute lists both.
 */
export function renderDispute(
  rng: Rng,
  charge: StripeCharge,
  at: number,
  wonAt: number | null,
): { balanceTransactions: StripeBalanceTransaction[]; dispute: StripeDispute } {
  const currency = charge.currency.toUpperCase();
  const amount = BigInt(charge.amount);
  const fee = disputeFee(currency);
  const disputeId = stripeId(rng, "dp");
  const withdrawal = balanceTransaction(stripeId(rng, "txn"), {
    type: "adjustment",
    reportingCategory: "dispute",
    currency,
    amount: -amount,
    fee,
    feeDetails: [stripeFeeDetail(fee, currency, "Dispute fee")],
    created: at,
    source: disputeId,
    description: `Chargeback withdrawal for ${charge.id}`,
  });
  const balanceTransactions = [withdrawal];
  if (wonAt !== null) {
    balanceTransactions.push(
      balanceTransaction(stripeId(rng, "txn"), {
        type: "adjustment",
        reportingCategory: "dispute_reversal",
        currency,
        amount,
        fee: -fee,
        feeDetails: [stripeFeeDetail(-fee, currency, "Dispute fee refund")],
        created: wonAt,
        source: disputeId,
        description: `Chargeback reversal for ${charge.id}`,
      }),
    );
  }
  charge.disputed = true;
  const evidence: StripeDisputeEvidence = Object.fromEntries(EMPTY_EVIDENCE_FIELDS.map((field) => [field, null]));
  const dispute: StripeDispute = {
    id: disputeId,
    object: "dispute",
    amount: charge.amount,
    balance_transactions: balanceTransactions,
    charge: charge.id,
    created: at,
    currency: charge.currency,
    evidence,
    evidence_details: {
      due_by: midnightAfter(at, 8) - 1,
      has_evidence: wonAt !== null,
      past_due: false,
      submission_count: wonAt !== null ? 1 : 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: "fraudulent",
    status: wonAt !== null ? "won" : "needs_response",
  };
  return { balanceTransactions, dispute };
}

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
    amount: Number(amountMinor),
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
    amount: Number(amountMinor),
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
    amount: Number(amountMinor),
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
    amount: Number(amountMinor),
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
