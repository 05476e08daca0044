/**
 * Square objects as its API returns them on the wire (snake_case, RFC 3339 timestamps). Money is
 * `{amount: integer minor units, currency}` as the API reference names it; Square's own examples
 * for payouts and payout entries write the same thing as `{amount, currency_code}`, so the
 * emulator serves some payouts and entries in that shape too (see SquarePayoutMoney).
 */
export interface SquareMoney {
  amount: number;
  currency: string;
}

/** Money as Square's ListPayouts and ListPayoutEntries examples write it. */
export interface SquareMoneyWithCurrencyCode {
  amount: number;
  currency_code: string;
}

/** The money of a payout, its fees and its entries: either shape Square documents. */
export type SquarePayoutMoney = SquareMoney | SquareMoneyWithCurrencyCode;

export interface SquareProcessingFee {
  effective_at: string;
  type: "INITIAL" | "ADJUSTMENT";
  /** Positive when Square charges the fee, negative when it gives it back (on a refund). */
  amount_money: SquareMoney;
}

/** One of the seller's business locations (`GET /v2/locations`). */
export interface SquareLocation {
  id: string;
  name: string;
  address: { address_line_1: string; locality: string; administrative_district_level_1: string; postal_code: string; country: string };
  timezone: string;
  capabilities: Array<"CREDIT_CARD_PROCESSING" | "AUTOMATIC_TRANSFERS">;
  status: "ACTIVE" | "INACTIVE";
  created_at: string;
  merchant_id: string;
  country: string;
  language_code: string;
  currency: string;
  business_name: string;
  type: "PHYSICAL" | "MOBILE";
}

export interface SquarePayment {
  id: string;
  created_at: string;
  updated_at: string;
  amount_money: SquareMoney;
  total_money: SquareMoney;
  approved_money: SquareMoney;
  refunded_money?: SquareMoney;
  processing_fee: SquareProcessingFee[];
  status: "APPROVED" | "PENDING" | "COMPLETED" | "CANCELED" | "FAILED";
  source_type: "CARD" | "CASH" | "EXTERNAL" | "WALLET";
  location_id: string;
  order_id: string;
  reference_id?: string;
  refund_ids?: string[];
  receipt_number: string;
  version_token: string;
}

export interface SquareRefund {
  id: string;
  status: "PENDING" | "COMPLETED" | "REJECTED" | "FAILED";
  amount_money: SquareMoney;
  /** The share of the payment's processing fee Square gives back: negative amounts. */
  processing_fee?: SquareProcessingFee[];
  payment_id: string;
  order_id: string;
  location_id: string;
  reason?: string;
  created_at: string;
  updated_at: string;
}

/** A transfer fee (or its tax) Square charged on a payout. */
export interface SquarePayoutFee {
  amount_money: SquarePayoutMoney;
  effective_at: string;
  type: "TRANSFER_FEE" | "TAX_ON_TRANSFER_FEE";
}

/**
 * A payout of one location's balance in one currency (`GET /v2/payouts`). `amount_money` is what
 * reaches the destination: positive for a deposit, negative for a withdrawal; it equals the sum of
 * the entries' nets. A transfer fee is listed in `payout_fee` and is also one DEPOSIT_FEE entry.
 */
export interface SquarePayout {
  id: string;
  status: "SENT" | "FAILED" | "PAID";
  location_id: string;
  created_at: string;
  updated_at: string;
  amount_money: SquarePayoutMoney;
  destination: { type: "BANK_ACCOUNT" | "CARD"; id: string };
  version: number;
  type: "BATCH" | "SIMPLE";
  payout_fee?: SquarePayoutFee[];
  /** YYYY-MM-DD. */
  arrival_date: string;
  end_to_end_id: string;
}

/** One balance activity settled by a payout (`GET /v2/payouts/{id}/payout-entries`); net = gross - fee. */
export interface SquarePayoutEntry {
  id: string;
  payout_id: string;
  effective_at: string;
  type: "CHARGE" | "REFUND" | "SUBSCRIPTION_FEE" | "DEPOSIT_FEE";
  gross_amount_money: SquarePayoutMoney;
  /** Negative on a refund: the processing fee Square gives back. */
  fee_amount_money: SquarePayoutMoney;
  net_amount_money: SquarePayoutMoney;
  type_charge_details?: { payment_id: string };
  type_refund_details?: { payment_id: string; refund_id: string };
  type_deposit_fee_details?: { payout_id: string };
}

/** What the Square emulator holds for one run date. */
export interface SquareRawData {
  payments: SquarePayment[];
  refunds: SquareRefund[];
  /** One payout per (location, currency) of the day, created in its last second, by location then currency. */
  payouts: SquarePayout[];
  /** Entries by payout id, in effective_at order. */
  payoutEntries: Record<string, SquarePayoutEntry[]>;
}
