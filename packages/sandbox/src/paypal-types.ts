/**
 * PayPal Transaction Search objects as `GET /v1/reporting/transactions` returns them
 * (its API description, api-descriptions/paypal.json). Amounts are DECIMAL STRINGS in major units
 * at the currency's decimals (JPY none, KWD three), negative for debits; fees are negative on
 * received payments; date-times are RFC 3339 with a `±hh:mm` offset (see paypalDateTime).
 */
export interface PaypalMoney {
  currency_code: string;
  value: string;
}

export interface PaypalTransactionInfo {
  paypal_account_id: string;
  transaction_id: string;
  paypal_reference_id?: string;
  paypal_reference_id_type?: "TXN" | "ODR" | "PAP" | "SUB";
  /** T0006 checkout payment, T1107 refund, T1201 chargeback, T04xx withdrawal. */
  transaction_event_code: string;
  transaction_initiation_date: string;
  transaction_updated_date: string;
  transaction_amount: PaypalMoney;
  fee_amount?: PaypalMoney;
  /** S success, P pending, V reversed/refunded, D denied. */
  transaction_status: "S" | "P" | "V" | "D";
  invoice_id?: string;
  custom_field?: string;
  protection_eligibility?: string;
}

export interface PaypalTransactionDetail {
  transaction_info: PaypalTransactionInfo;
  payer_info?: { account_id: string; email_address: string; payer_status: "Y" | "N" };
}

/** What the PayPal emulator holds for one run date. */
export interface PaypalRawData {
  transactions: PaypalTransactionDetail[];
}
