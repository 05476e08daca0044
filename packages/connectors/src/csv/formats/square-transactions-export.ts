import type { TransactionStatus } from "@recon/domain";
import type { CsvFormat } from "../csv-format";
import { uniqueIds } from "./unique-ids";

function squareStatus(cell: string): TransactionStatus {
  if (/^complete/i.test(cell)) return "succeeded";
  if (/^pending/i.test(cell)) return "pending";
  if (/^(failed|canceled|cancelled)/i.test(cell)) return "failed";
  throw new Error(`Transaction Status: unknown Square status "${cell}"`);
}

/**
 * Square: Dashboard → Transactions → Export → "Transactions CSV". Money as "$1,234.56" (or
 * "CA$5.00", "£3.00", "€3,00" by the account's country), fees negative (Net Total = Total
 * Collected + Fees), zones as names ("Pacific Time (US & Canada)"). The export has no currency
 * column: the file's currency comes from its symbols when they name one, or from --currency.
 */
export const squareTransactionsExport: CsvFormat = {
  source: "square",
  name: "transactions-export",
  title: "Square: Transactions export (Transactions CSV)",
  required: ["Date", "Time", "Time Zone", "Total Collected", "Fees", "Net Total", "Transaction ID", "Payment ID"],
  optional: ["Event Type", "Transaction Status", "Order Reference ID", "Location", "Customer ID", "Customer Reference ID", "Gross Sales", "Tip", "Partial Refunds", "Source", "Card Brand", "Description", "Currency"],
  idColumn: "Payment ID",
  amountColumns: ["Total Collected", "Fees", "Net Total", "Gross Sales", "Net Sales", "Tip", "Partial Refunds", "Tax", "Discounts"],
  currencyColumn: "Currency",
  localTime: { date: "Date", time: "Time", zone: "Time Zone" },
  occurredAt: (row, read) => read.localTime(row),
  normalize(row, read) {
    const id = read.cell(row, "Payment ID");
    if (!id) throw new Error("Payment ID: empty");
    const currency = read.currency(row);
    const total = read.amount(row, "Total Collected", currency);
    const fees = read.amount(row, "Fees", currency);
    const net = read.amount(row, "Net Total", currency);
    // Square writes fees negative: net = total + fees.
    if (net !== total + fees) throw new Error(`Net Total: ${row["Net Total"]} is not Total Collected + Fees (${row["Total Collected"]} + ${row.Fees})`);
    const statusCell = read.cell(row, "Transaction Status") ?? "Complete";
    const event = read.cell(row, "Event Type") ?? "Payment";
    return {
      side: "processor",
      record: {
        processor: "square",
        externalId: id,
        // In this export "Transaction ID" is the order's id.
        relatedIds: uniqueIds(read.cell(row, "Transaction ID")),
        reference: read.cell(row, "Order Reference ID"),
        merchantId: read.cell(row, "Location"),
        grossMinor: total,
        feeMinor: -fees,
        netMinor: net,
        currency,
        status: squareStatus(statusCell),
        rawStatus: statusCell,
        type: /refund/i.test(event) ? "refund" : "payment",
        occurredAt: read.localTime(row),
        raw: row,
      },
    };
  },
};
