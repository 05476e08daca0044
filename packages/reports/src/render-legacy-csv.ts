import { textCell, valueCell } from "./csv-cell";
import { formatLegacyAmount } from "./legacy-amount";
import type { LegacyReportInput, MissingRow } from "./legacy-report-input";

/** The legacy CSV's columns, in order. Scripts address them by name and position: never change. */
export const LEGACY_CSV_COLUMNS = [
  "transaction_id",
  "processor_name",
  "amount",
  "currency",
  "status",
  "merchant_id",
  "transaction_date",
  "reference_number",
  "fee",
] as const;

/** RFC 4180 record separator. */
export const CSV_LINE_END = "\r\n";

function csvRow(row: MissingRow): string {
  return [
    textCell(row.transactionId),
    textCell(row.processorName),
    valueCell(formatLegacyAmount(row.amountMinor, row.currency)),
    textCell(row.currency),
    textCell(row.status),
    textCell(row.merchantId),
    valueCell(row.transactionDate.toISOString()),
    textCell(row.referenceNumber),
    valueCell(formatLegacyAmount(row.feeMinor, row.currency)),
  ].join(",");
}

/**
 * `reconciliation_report_{processor}_{date}.csv`: one row per missing transaction, in the
 * order given, with the header row even when there are none (consumers expect it).
 */
export function renderLegacyCsv(input: LegacyReportInput): string {
  const lines = [LEGACY_CSV_COLUMNS.join(","), ...input.missing.map(csvRow)];
  return lines.map((line) => line + CSV_LINE_END).join("");
}
