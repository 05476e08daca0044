/**
 * The Stripe objects the emulator serves, as the API (version 2023-08-16, the vendored
 * description in api-descriptions/stripe.json) returns them: every field the description
 * requires, and the nullable ones Stripe writes as null. Deep sub-objects the sandbox never fills
 * (payment method details, evidence files, bank accounts...) are left out or null, as Stripe
 * allows. The wire shape is what matters: the connector reads it through the official SDK.
 */
export interface StripeFeeDetail {
  amount: number;
  application: string | null;
  currency: string;
  description: string;
  type: "stripe_fee" | "application_fee" | "tax";
}

/** An empty sub-list as Stripe embeds it (a fee's refunds, a transfer's reversals). */
export interface StripeEmptyList {
  object: "list";
  data: [];
  has_more: false;
  url: string;
}

export interface StripeBillingDetails {
  address: { city: null; country: string | null; line1: null; line2: null; postal_code: string | null; state: null };
  email: string | null;
  name: string | null;
  phone: null;
}

export interface StripeCharge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: string;
  billing_details: StripeBillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: null;
  failure_message: null;
  fraud_details: Record<string, never>;
  invoice: null;
  livemode: false;
  metadata: Record<string, string>;
  on_behalf_of: null;
  paid: boolean;
  payment_intent: string | null;
  payment_method: string;
  receipt_email: null;
  receipt_number: null;
  receipt_url: null;
  refunded: boolean;
  review: null;
  shipping: null;
  source_transfer: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: "succeeded" | "pending" | "failed";
  transfer_data: null;
  transfer_group: null;
}

export interface StripeRefund {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string | null;
  reason: "duplicate" | "fraudulent" | "requested_by_customer" | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: "succeeded" | "pending" | "requires_action" | "failed" | "canceled";
  transfer_reversal: null;
}

/** Every evidence field Stripe lists, all empty: nothing has been submitted. */
export type StripeDisputeEvidence = Record<string, null>;

export interface StripeDispute {
  id: string;
  object: "dispute";
  amount: number;
  /** The dispute's own balance transactions: the withdrawal, and the reinstatement when won. */
  balance_transactions: StripeBalanceTransaction[];
  charge: string;
  created: number;
  currency: string;
  evidence: StripeDisputeEvidence;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string | null;
  reason: string;
  status: "lost" | "needs_response" | "under_review" | "warning_closed" | "warning_needs_response" | "warning_under_review" | "won";
}

export interface StripePayout {
  id: string;
  object: "payout";
  amount: number;
  arrival_date: number;
  automatic: boolean;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  failure_balance_transaction: null;
  failure_code: null;
  failure_message: null;
  livemode: false;
  metadata: Record<string, string>;
  method: "standard" | "instant";
  original_payout: null;
  reconciliation_status: "completed" | "in_progress" | "not_applicable";
  reversed_by: null;
  source_type: string;
  statement_descriptor: null;
  status: "paid" | "pending" | "in_transit" | "canceled" | "failed";
  type: "bank_account" | "card";
}

export interface StripeApplicationFee {
  id: string;
  object: "application_fee";
  /** The connected account the fee was collected from. */
  account: string;
  amount: number;
  amount_refunded: number;
  application: string;
  balance_transaction: string;
  /** The charge on the connected account the fee was taken from (not one of this account's). */
  charge: string;
  created: number;
  currency: string;
  livemode: false;
  originating_transaction: null;
  refunded: boolean;
  refunds: StripeEmptyList;
}

export interface StripeTransfer {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Record<string, string>;
  reversals: StripeEmptyList;
  reversed: boolean;
  source_transaction: null;
  source_type: string;
  transfer_group: null;
}

export interface StripeTopup {
  id: string;
  object: "topup";
  amount: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  expected_availability_date: number;
  failure_code: null;
  failure_message: null;
  livemode: false;
  metadata: Record<string, string>;
  source: null;
  statement_descriptor: null;
  status: "canceled" | "failed" | "pending" | "reversed" | "succeeded";
  transfer_group: null;
}

/** What a balance transaction's `source` expands to. */
export type StripeSourceObject = StripeCharge | StripeRefund | StripeDispute | StripePayout | StripeApplicationFee | StripeTransfer | StripeTopup;

/** The balance transaction types the sandbox day holds (Stripe has more). */
export type StripeBalanceTransactionType =
  | "charge"
  | "refund"
  | "adjustment"
  | "payout"
  | "stripe_fee"
  | "application_fee"
  | "transfer"
  | "topup";

export interface StripeBalanceTransaction {
  id: string;
  object: "balance_transaction";
  /** Gross, signed: money leaving the balance (refunds, disputes, payouts, transfers, fees) is negative. */
  amount: number;
  available_on: number;
  created: number;
  currency: string;
  description: string | null;
  exchange_rate: number | null;
  fee: number;
  fee_details: StripeFeeDetail[];
  /** amount - fee. */
  net: number;
  /** charge, refund, dispute, dispute_reversal, payout, fee, platform_earning, transfer, other_adjustment, topup. */
  reporting_category: string;
  /**
   * The id of the object behind the money (ch_, re_, dp_, po_, fee_, tr_, tu_), null for Stripe's
   * own fees and adjustments, or the object itself when the request expands `data.source`.
   */
  source: string | StripeSourceObject | null;
  status: "available" | "pending";
  type: StripeBalanceTransactionType;
}

/** Which balance transactions an automatic payout paid out (for `?payout=po_...`). */
export interface StripePayoutContents {
  /** The run date whose balance transactions it paid out (two days before the payout's). */
  day: string;
  balanceTransactionIds: string[];
}

/** What the Stripe emulator holds for one run date. */
export interface StripeRawData {
  /** Sources are ids here; the emulator expands them from `sources` when asked. */
  balanceTransactions: StripeBalanceTransaction[];
  /** Every object a balance transaction of the day names as its source. */
  sources: StripeSourceObject[];
  /** By payout id, for the day's automatic payouts. */
  payoutContents: Record<string, StripePayoutContents>;
}
