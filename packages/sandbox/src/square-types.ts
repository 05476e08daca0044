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

/** What the Square emulator holds for one run date. */
export interface SquareRawData {
  payments: SquarePayment[];
  refunds: SquareRefund[];
}
