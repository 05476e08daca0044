/**
 * The Stripe objects the emulator serves, as the API returns them (stripe 23.x, see
 * shared/reference/processors.md). Only the fields the emulator fills are typed; the wire shape
 * is what matters because the connector is tested through the official SDK.
 */
export interface StripeFeeDetail {
  amount: number;
  application: string | null;
  currency: string;
  description: string;
  type: "stripe_fee" | "application_fee" | "tax";
}

export interface StripeCharge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string;
  captured: boolean;
  created: number;
  currency: string;
  description: string | null;
  disputed: boolean;
  livemode: false;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string | null;
  refunded: boolean;
  status: "succeeded" | "pending" | "failed";
}

export interface StripeBalanceTransaction {
  id: string;
  object: "balance_transaction";
  amount: number;
  available_on: number;
  created: number;
  currency: string;
  description: string | null;
  exchange_rate: number | null;
  fee: number;
  fee_details: StripeFeeDetail[];
  net: number;
  reporting_category: string;
  /** The charge id, or the charge object itself when the request expands `data.source`. */
  source: string | StripeCharge;
  status: "available" | "pending";
  type: string;
}

/** What the Stripe emulator holds for one run date. */
export interface StripeRawData {
  balanceTransactions: StripeBalanceTransaction[];
  charges: StripeCharge[];
}
