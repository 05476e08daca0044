import { formatMinorUnits } from "@recon/domain";
import { textCell, valueCell } from "./csv-cell";
import type { DiscrepancyLine, ReportBundleInput } from "./report-bundle-input";
import { CSV_LINE_END } from "./render-legacy-csv";

export const DISCREPANCY_CSV_COLUMNS = [
  "kind",
  "processor_external_id",
  "internal_external_id",
  "currency",
  "processor_amount",
  "internal_amount",
  "amount_at_risk",
  "reason",
] as const;

function amountCell(minor: bigint | null, currency: string): string {
  return minor === null ? "" : valueCell(formatMinorUnits(minor, currency));
}

/**
 * One discrepancy's cells, columns as DISCREPANCY_CSV_COLUMNS: the one row format of a
 * discrepancy in every CSV recon writes (this report file, the dashboard's filtered export).
 */
export function discrepancyCsvCells(d: Omit<DiscrepancyLine, "kind"> & { kind: string }): string[] {
  return [
    textCell(d.kind),
    textCell(d.processorExternalId),
    textCell(d.internalExternalId),
    textCell(d.currency),
    amountCell(d.processorAmountMinor, d.currency),
    amountCell(d.internalAmountMinor, d.currency),
    amountCell(d.amountAtRiskMinor, d.currency),
    textCell(d.reason),
  ];
}

/**
 * `discrepancies_{processor}_{date}.csv`: one row per discrepancy of every kind, in the order
 * given (the worker loads them biggest first); a side that does not exist is an empty cell.
 * Header row even when empty, same quoting and injection rules as the legacy CSV.
 */
export function renderDiscrepanciesCsv(input: Pick<ReportBundleInput, "discrepancies">): string {
  const lines = [
    DISCREPANCY_CSV_COLUMNS.join(","),
    ...input.discrepancies.map((d) => discrepancyCsvCells(d).join(",")),
  ];
  return lines.join(CSV_LINE_END) + CSV_LINE_END;
}
