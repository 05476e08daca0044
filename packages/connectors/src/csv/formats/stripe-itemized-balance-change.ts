import type { TransactionType } from "@recon/domain";
import type { CsvFormat } from "../csv-format";
import type { CsvRow, RowReader } from "../csv-row";
import { uniqueIds } from "./unique-ids";

// Stripe's reporting categories (docs: "Reporting categories") by what the money is.
const CATEGORY_TYPE: Record<string, TransactionType> = {
  charge: "payment",
  payment: "payment",
  partial_capture_reversal: "payment",
  charge_failure: "payment",
  refund: "refund",
  payment_refund: "refund",
  refund_failure: "refund",
  dispute: "dispute",
  dispute_reversal: "dispute",
  payout: "payout",
  payout_reversal: "payout",
  transfer: "transfer",
  transfer_reversal: "transfer",
  connected_account_transfer: "transfer",
  topup: "topup",
  topup_reversal: "topup",
  fee: "fee",
  network_cost: "fee",
  platform_earning: "fee",
  platform_earning_refund: "fee",
  other_adjustment: "adjustment",
};

/** `created_utc`: "YYYY-MM-DD HH:MM:SS" in UTC, whatever the report's decimal separator. */
function createdUtc(row: CsvRow, read: RowReader): Date {
  const created = read.cell(row, "created_utc") ?? "";
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(created);
  const at = m ? new Date(`${m[1]}T${m[2]}Z`) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new Error(`created_utc: "${created}" is not YYYY-MM-DD HH:MM:SS`);
  return at;
}

/**
 * Stripe: Dashboard → Reports → Balance → "Balance change from activity", itemized
 * (`balance_change_from_activity.itemized.3`). Amounts in major units with the report's
 * `decimal_separator` ("." or ","), currency lower case; every row is a settled balance change.
 */
export const stripeItemizedBalanceChange: CsvFormat = {
  source: "stripe",
  name: "itemized-balance-change",
  title: "Stripe: Balance change from activity, itemized (balance_change_from_activity.itemized.3)",
  required: ["balance_transaction_id", "created_utc", "currency", "gross", "fee", "net", "reporting_category"],
  optional: ["source_id", "charge_id", "payment_intent_id", "description", "customer_id", "invoice_id", "payment_metadata[order_id]", "available_on_utc", "customer_facing_amount"],
  idColumn: "balance_transaction_id",
  amountColumns: ["gross", "fee", "net"],
  currencyColumn: "currency",
  localTime: null,
  occurredAt: createdUtc,
  normalize(row, read) {
    const id = read.cell(row, "balance_transaction_id");
    if (!id) throw new Error("balance_transaction_id: empty");
    const currency = read.currency(row);
    const gross = read.amount(row, "gross", currency);
    const fee = read.amount(row, "fee", currency);
    const net = read.amount(row, "net", currency);
    if (net !== gross - fee) throw new Error(`net: ${row.net} is not gross - fee (${row.gross} - ${row.fee})`);
    const category = read.cell(row, "reporting_category") ?? "";
    return {
      side: "processor",
      record: {
        processor: "stripe",
        externalId: id,
        relatedIds: uniqueIds(read.cell(row, "source_id"), read.cell(row, "charge_id"), read.cell(row, "payment_intent_id")),
        reference: read.cell(row, "payment_metadata[order_id]"),
        merchantId: null,
        grossMinor: gross,
        feeMinor: fee,
        netMinor: net,
        currency,
        // The report lists settled balance changes only: each is money that moved.
        status: "succeeded",
        rawStatus: category,
        type: CATEGORY_TYPE[category] ?? "adjustment",
        occurredAt: createdUtc(row, read),
        raw: row,
      },
    };
  },
};
