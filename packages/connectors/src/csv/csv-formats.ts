import {
  isProcessor,
  normalizeCurrency,
  toMinorUnits,
  type InternalTransaction,
  type ProcessorTransaction,
  type RejectedRecordInput,
  type Source,
  type TransactionStatus,
  type TransactionType,
} from "@recon/domain";
import { normalizeLedgerRecord } from "../ledger/ledger-normalize";
import { localToInstant } from "./csv-time";

/** One CSV row, keyed by header. */
export type CsvRow = Record<string, string>;

export type CsvRowResult =
  | { ok: true; side: "processor"; record: ProcessorTransaction }
  | { ok: true; side: "internal"; record: InternalTransaction }
  | { ok: false; rejected: RejectedRecordInput };

export interface CsvFormatOptions {
  /** The currency of a format whose rows do not carry one (Square's transactions export); default USD. */
  currency?: string;
}

/** An import format: the columns it needs and how one row becomes a transaction. */
export interface CsvFormat {
  source: Source;
  name: string;
  /** What the export is called where users download it. */
  title: string;
  /** Columns that must be present (exact header names). */
  required: readonly string[];
  /** Columns read when present. Any other column is kept in the raw payload, never refused. */
  optional: readonly string[];
  normalize(row: CsvRow, options: CsvFormatOptions): CsvRowResult;
  /** The UTC day (YYYY-MM-DD) a row belongs to, when it can be read: a rejected row counts against that day's run. */
  dayOf(row: CsvRow): string | null;
}

/** Best effort: a row too broken to date is still quarantined, just not counted against a run. */
function dayFrom(read: () => Date): string | null {
  try {
    const at = read();
    return Number.isNaN(at.getTime()) ? null : at.toISOString().slice(0, 10);
  } catch {
    return null;
  }
}

/**
 * A money cell to minor units: tolerates thousands separators, currency symbols and accounting
 * negatives ("(1.23)", "-$1.23"), and refuses more decimals than the currency has.
 */
export function csvAmount(value: string | undefined, currency: string, column: string): bigint {
  if (value === undefined || value.trim() === "") throw new Error(`${column}: empty`);
  let v = value.trim();
  let negative = false;
  if (/^\(.*\)$/.test(v)) {
    negative = true;
    v = v.slice(1, -1);
  }
  v = v.replace(/[$€£¥₩\s,]/g, "").replace(/^(?:[A-Z]{3}|KD)(?=[-+\d.])/, "").replace(/(?<=\d)(?:[A-Z]{3})$/, "");
  if (v.startsWith("-")) {
    negative = !negative;
    v = v.slice(1);
  }
  try {
    const minor = toMinorUnits(v, currency);
    return negative ? -minor : minor;
  } catch (error) {
    throw new Error(`${column}: ${(error as Error).message.replace(/^invalid amount "[^"]*"/, `invalid amount "${value}"`)}`, { cause: error });
  }
}

function cell(row: CsvRow, column: string): string | null {
  const value = row[column]?.trim();
  return value === undefined || value === "" ? null : value;
}

function rejectRow(source: Source, externalId: string | null, reason: string, row: CsvRow): CsvRowResult {
  return { ok: false, rejected: { source, externalId, reason, raw: row } };
}

/** Runs a normaliser, turning any thrown problem into a quarantine row naming it. */
function guarded(source: Source, idColumn: string, row: CsvRow, build: () => CsvRowResult): CsvRowResult {
  try {
    return build();
  } catch (error) {
    return rejectRow(source, cell(row, idColumn), (error as Error).message, row);
  }
}

function uniqueIds(...ids: Array<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

// Stripe: "Balance change from activity, itemized" (balance_change_from_activity.itemized.3).
const STRIPE_CATEGORY: Record<string, TransactionType> = {
  charge: "payment",
  payment: "payment",
  refund: "refund",
  payment_refund: "refund",
  dispute: "dispute",
  dispute_reversal: "dispute",
  payout: "payout",
  payout_reversal: "payout",
  fee: "fee",
  network_cost: "fee",
  other_adjustment: "adjustment",
};

const stripeItemized: CsvFormat = {
  source: "stripe",
  name: "itemized-balance-change",
  title: "Stripe: Balance change from activity, itemized (balance_change_from_activity.itemized.3)",
  required: ["balance_transaction_id", "created_utc", "currency", "gross", "fee", "net", "reporting_category"],
  optional: ["source_id", "charge_id", "payment_intent_id", "description", "customer_id", "invoice_id", "payment_metadata[order_id]", "available_on_utc"],
  dayOf: (row) => dayFrom(() => localToInstant((row.created_utc ?? "").slice(0, 10), (row.created_utc ?? "").slice(11), "UTC")),
  normalize: (row) =>
    guarded("stripe", "balance_transaction_id", row, () => {
      const id = cell(row, "balance_transaction_id");
      if (!id) throw new Error("balance_transaction_id: empty");
      const currency = normalizeCurrency(row.currency ?? "");
      const gross = csvAmount(row.gross, currency, "gross");
      const fee = csvAmount(row.fee, currency, "fee");
      const net = csvAmount(row.net, currency, "net");
      if (net !== gross - fee) throw new Error(`net: ${row.net} is not gross - fee (${row.gross} - ${row.fee})`);
      const created = cell(row, "created_utc") ?? "";
      const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(created);
      if (!m) throw new Error(`created_utc: "${created}" is not YYYY-MM-DD HH:MM:SS`);
      const category = cell(row, "reporting_category") ?? "";
      return {
        ok: true,
        side: "processor",
        record: {
          processor: "stripe",
          externalId: id,
          relatedIds: uniqueIds(cell(row, "source_id"), cell(row, "charge_id"), cell(row, "payment_intent_id")),
          reference: cell(row, "payment_metadata[order_id]"),
          merchantId: null,
          grossMinor: gross,
          feeMinor: fee,
          netMinor: net,
          currency,
          // The report lists settled balance changes only: each is money that moved.
          status: "succeeded",
          rawStatus: category,
          type: STRIPE_CATEGORY[category] ?? "adjustment",
          occurredAt: localToInstant(m[1]!, m[2]!, "UTC"),
          raw: row,
        },
      };
    }),
};

// PayPal: Activity download (Reports > Activity download, "Balance affecting" CSV).
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

const paypalActivity: CsvFormat = {
  source: "paypal",
  name: "activity-download",
  title: "PayPal: Activity download (CSV, balance affecting)",
  required: ["Date", "Time", "TimeZone", "Type", "Status", "Currency", "Gross", "Fee", "Net", "Transaction ID"],
  optional: ["Name", "From Email Address", "To Email Address", "Reference Txn ID", "Invoice Number", "Custom Number", "Balance", "Item Title", "Subject", "Note"],
  dayOf: (row) => dayFrom(() => localToInstant(row.Date ?? "", row.Time ?? "", row.TimeZone ?? "")),
  normalize: (row) =>
    guarded("paypal", "Transaction ID", row, () => {
      const id = cell(row, "Transaction ID");
      if (!id) throw new Error("Transaction ID: empty");
      const currency = normalizeCurrency(row.Currency ?? "");
      const gross = csvAmount(row.Gross, currency, "Gross");
      const feeAmount = csvAmount(row.Fee, currency, "Fee");
      const net = csvAmount(row.Net, currency, "Net");
      // PayPal reports fees negative on received money; net = gross + fee.
      if (net !== gross + feeAmount) throw new Error(`Net: ${row.Net} is not Gross + Fee (${row.Gross} + ${row.Fee})`);
      const status = row.Status ?? "";
      return {
        ok: true,
        side: "processor",
        record: {
          processor: "paypal",
          externalId: id,
          relatedIds: uniqueIds(cell(row, "Reference Txn ID")),
          reference: cell(row, "Invoice Number"),
          merchantId: null,
          grossMinor: gross,
          feeMinor: -feeAmount,
          netMinor: net,
          currency,
          status: paypalStatus(status),
          rawStatus: status,
          type: paypalType(row.Type ?? ""),
          occurredAt: localToInstant(row.Date ?? "", row.Time ?? "", row.TimeZone ?? ""),
          raw: row,
        },
      };
    }),
};

// Square: Transactions export (Dashboard > Transactions > Export, "Transactions CSV").
const squareTransactions: CsvFormat = {
  source: "square",
  name: "transactions-export",
  title: "Square: Transactions export (Transactions CSV)",
  required: ["Date", "Time", "Time Zone", "Total Collected", "Fees", "Net Total", "Transaction ID", "Payment ID"],
  optional: ["Event Type", "Transaction Status", "Order Reference ID", "Location", "Customer ID", "Customer Reference ID", "Gross Sales", "Tip", "Partial Refunds", "Source", "Card Brand", "Description", "Currency"],
  dayOf: (row) => dayFrom(() => localToInstant(row.Date ?? "", row.Time ?? "", row["Time Zone"] ?? "")),
  normalize: (row, options) =>
    guarded("square", "Payment ID", row, () => {
      const id = cell(row, "Payment ID");
      if (!id) throw new Error("Payment ID: empty");
      // The export has no currency column: amounts are in the account's currency (--currency).
      const currency = normalizeCurrency(cell(row, "Currency") ?? options.currency ?? "USD");
      const total = csvAmount(row["Total Collected"], currency, "Total Collected");
      const fees = csvAmount(row.Fees, currency, "Fees");
      const net = csvAmount(row["Net Total"], currency, "Net Total");
      // Square writes fees negative: net = total + fees.
      if (net !== total + fees) throw new Error(`Net Total: ${row["Net Total"]} is not Total Collected + Fees (${row["Total Collected"]} + ${row.Fees})`);
      const statusCell = cell(row, "Transaction Status") ?? "Complete";
      const status: TransactionStatus =
        /^complete/i.test(statusCell) ? "succeeded" : /^pending/i.test(statusCell) ? "pending" : /^(failed|canceled|cancelled)/i.test(statusCell) ? "failed" : (() => {
          throw new Error(`Transaction Status: unknown Square status "${statusCell}"`);
        })();
      const event = cell(row, "Event Type") ?? "Payment";
      return {
        ok: true,
        side: "processor",
        record: {
          processor: "square",
          externalId: id,
          // In this export "Transaction ID" is the order's id.
          relatedIds: uniqueIds(cell(row, "Transaction ID")),
          reference: cell(row, "Order Reference ID"),
          merchantId: cell(row, "Location"),
          grossMinor: total,
          feeMinor: -fees,
          netMinor: net,
          currency,
          status,
          rawStatus: statusCell,
          type: /refund/i.test(event) ? "refund" : "payment",
          occurredAt: localToInstant(row.Date ?? "", row.Time ?? "", row["Time Zone"] ?? ""),
          raw: row,
        },
      };
    }),
};

// The company's ledger (ARCHITECTURE.md): the same record as the ledger API, so the same rules.
const ledgerCsv: CsvFormat = {
  source: "internal",
  name: "ledger-csv",
  title: "Internal ledger CSV (id,processor,processor_ref,reference,amount,currency,fee,status,occurred_at)",
  required: ["id", "processor", "processor_ref", "reference", "amount", "currency", "fee", "status", "occurred_at"],
  optional: [],
  dayOf: (row) => dayFrom(() => new Date(row.occurred_at ?? "")),
  normalize: (row) => {
    const processor = row.processor?.trim() ?? "";
    if (!isProcessor(processor)) return rejectRow("internal", cell(row, "id"), `processor: expected stripe, paypal or square, got "${processor}"`, row);
    const record = {
      ...row,
      processor_ref: cell(row, "processor_ref"),
      reference: cell(row, "reference"),
      fee: cell(row, "fee"),
    };
    const result = normalizeLedgerRecord(record, processor);
    if (!result.ok) return { ok: false, rejected: { ...result.rejected, raw: row } };
    return { ok: true, side: "internal", record: { ...result.record, raw: row } };
  },
};

/** Every import format, by source. */
export const CSV_FORMATS: readonly CsvFormat[] = [stripeItemized, paypalActivity, squareTransactions, ledgerCsv];

/** The format named, or an error naming the valid ones for the source. */
export function csvFormatFor(source: string, name: string): CsvFormat {
  const forSource = CSV_FORMATS.filter((f) => f.source === source);
  if (forSource.length === 0) {
    throw new Error(`--source "${source}": choose from ${[...new Set(CSV_FORMATS.map((f) => f.source))].join(", ")}`);
  }
  const format = forSource.find((f) => f.name === name);
  if (!format) throw new Error(`--format "${name}" is not a ${source} format: choose ${forSource.map((f) => f.name).join(", ")}`);
  return format;
}
