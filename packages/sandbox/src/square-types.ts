/**
 * Square objects as `GET /v2/payments` and `GET /v2/refunds` return them on the wire
 * (shared/reference/processors.md): money is `{amount: integer minor units, currency}` (the
 * `square` SDK turns amounts into bigint), timestamps RFC 3339.
 */
export interface SquareMoney {
  amount: number;
  currency: string;
}

export interface SquareProcessingFee {
  effective_at: string;
  type: "INITIAL" | "ADJUSTMENT";
  amount_money: SquareMoney;
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
  processing_fee?: SquareProcessingFee[];
  payment_id: string;
  order_id: string;
  location_id: string;
  reason?: string;
  created_at: string;
  updated_at: string;
}

/** A payout to the merchant's bank (`GET /v2/payouts`); amount = the sum of its entries' nets. */
export interface SquarePayout {
  id: string;
  status: "SENT" | "FAILED" | "PAID";
  location_id: string;
  created_at: string;
  updated_at: string;
  amount_money: SquareMoney;
  destination: { type: "BANK_ACCOUNT"; id: string };
  version: number;
  type: "BATCH" | "SIMPLE";
  /** YYYY-MM-DD. */
  arrival_date: string;
}

/** One balance activity settled by a payout (`GET /v2/payouts/{id}/payout-entries`); net = gross - fee. */
export interface SquarePayoutEntry {
  id: string;
  payout_id: string;
  effective_at: string;
  type: "CHARGE" | "REFUND" | "DISPUTE" | "FEE";
  gross_amount_money: SquareMoney;
  fee_amount_money: SquareMoney;
  net_amount_money: SquareMoney;
  type_charge_details?: { payment_id: string };
  type_refund_details?: { payment_id: string; refund_id: string };
  type_fee_details?: { payment_id?: string };
}

/** What the Square emulator holds for one run date. */
export interface SquareRawData {
  payments: SquarePayment[];
  refunds: SquareRefund[];
  /** One payout per currency of the day, created in its last second, oldest first by id. */
  payouts: SquarePayout[];
  /** Entries by payout id, in effective_at order. */
  payoutEntries: Record<string, SquarePayoutEntry[]>;
}
