import type { TransactionStatus, TransactionType } from "@recon/domain";
import type { CsvFormat } from "../csv-format";
import { uniqueIds } from "./unique-ids";

function paypalStatus(value: string): TransactionStatus {
  const v = value.toLowerCase();
  if (v === "completed" || v === "cleared") return "succeeded";
  if (v === "pending" || v === "uncleared" || v === "held") return "pending";
  if (v === "refunded" || v === "reversed" || v === "partially refunded") return "refunded";
  if (v === "denied" || v === "failed" || v === "canceled" || v === "cancelled" || v === "expired") return "failed";
  throw new Error(`Status: unknown PayPal status "${value}"`);
}

function paypalType(value: string): TransactionType {
  const v = value.toLowerCase();
  if (v.includes("refund") || v.includes("reversal")) return "refund";
  if (v.includes("chargeback") || v.includes("dispute")) return "dispute";
  if (v.includes("withdrawal") || v.includes("transfer to bank")) return "payout";
  if (v.includes("fee")) return "fee";
  if (v.includes("payment")) return "payment";
  return "adjustment";
}

/**
 * PayPal: Reports → Activity download, CSV, balance affecting. Written in the account's locale:
 * US accounts MM/DD/YYYY and 1,234.56; UK DD/MM/YYYY; most of Europe DD/MM/YYYY (or
 * DD.MM.YYYY) and 1.234,56. `Fee` is negative on received money: fee = −Fee, Net = Gross + Fee.
 */
export const paypalActivityDownload: CsvFormat = {
  source: "paypal",
  name: "activity-download",
  title: "PayPal: Activity download (CSV, balance affecting)",
  required: ["Date", "Time", "TimeZone", "Type", "Status", "Currency", "Gross", "Fee", "Net", "Transaction ID"],
  optional: ["Name", "From Email Address", "To Email Address", "Reference Txn ID", "Invoice Number", "Custom Number", "Balance", "Item Title", "Subject", "Note"],
  idColumn: "Transaction ID",
  amountColumns: ["Gross", "Fee", "Net", "Balance"],
  currencyColumn: "Currency",
  localTime: { date: "Date", time: "Time", zone: "TimeZone" },
  occurredAt: (row, read) => read.localTime(row),
  normalize(row, read) {
    const id = read.cell(row, "Transaction ID");
    if (!id) throw new Error("Transaction ID: empty");
    const currency = read.currency(row);
    const gross = read.amount(row, "Gross", currency);
    const feeAmount = read.amount(row, "Fee", currency);
    const net = read.amount(row, "Net", currency);
    // PayPal reports fees negative on received money; net = gross + fee.
    if (net !== gross + feeAmount) throw new Error(`Net: ${row.Net} is not Gross + Fee (${row.Gross} + ${row.Fee})`);
    const status = row.Status ?? "";
    return {
      side: "processor",
      record: {
        processor: "paypal",
        externalId: id,
        relatedIds: uniqueIds(read.cell(row, "Reference Txn ID")),
        reference: read.cell(row, "Invoice Number"),
        merchantId: null,
        grossMinor: gross,
        feeMinor: -feeAmount,
        netMinor: net,
        currency,
        status: paypalStatus(status),
        rawStatus: status,
        type: paypalType(row.Type ?? ""),
        occurredAt: read.localTime(row),
        raw: row,
      },
    };
  },
};
