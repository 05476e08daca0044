import type { Rng } from "./prng";
import { balanceTransaction, HELD_FOR_DAYS, midnightAfter, stripeFeeDetail } from "./stripe-balance-transaction";
import { disputeFee, stripeId, type PlannedPayment } from "./stripe-scenario";
import type { StripeBalanceTransaction, StripeCharge, StripeDispute, StripeDisputeEvidence, StripeRefund } from "./stripe-types";
import { wireAmount } from "./wire-amount";

// A customer's payment and what can happen to it, as Stripe writes them: the charge, its refunds
// and its dispute, each with its balance transactions.

/**
 * A card charge and its balance transaction. A held charge (Stripe holds some new or risky
 * payments) stays `pending` for seven days, so no payout of the sandbox pays it out.
 */
export function renderCharge(rng: Rng, payment: PlannedPayment, held: boolean): { balanceTransaction: StripeBalanceTransaction; charge: StripeCharge } {
  const txnId = stripeId(rng, "txn");
  const chargeId = stripeId(rng, "ch");
  const paymentIntentId = stripeId(rng, "pi");
  const paymentMethodId = stripeId(rng, "pm");
  const amount = wireAmount(payment.amountMinor);
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
    amount: wireAmount(amountMinor),
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
