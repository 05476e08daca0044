// CSV exports of the runs list and of a run's filtered discrepancies. Free text goes through
// textCell (formula-safe), our own values through valueCell; amounts by the currency's exponent.
// A discrepancy is written as in the report's discrepancies CSV (one row format).
import type { RunDiscrepancy, RunListRow } from "@recon/db";
import { DISCREPANCY_CSV_COLUMNS, discrepancyCsvCells, textCell, valueCell } from "@recon/reports";
import { moneyList } from "./money";

const LINE_END = "\r\n";

export const RUNS_CSV_HEADER = "run_date,processor,data,status,processor_transactions,ledger_transactions,matched,discrepancies,at_stake,error,run_id";

export function runCsvLine(run: RunListRow): string {
  return (
    [
      valueCell(run.runDate),
      textCell(run.processor),
      valueCell(run.sandbox ? "SANDBOX" : "real"),
      textCell(run.status),
      valueCell(String(run.processorTransactionCount)),
      valueCell(String(run.internalTransactionCount)),
      valueCell(String(run.matchedCount)),
      valueCell(String(run.discrepancies)),
      // One amount per currency ("12.50 USD, 1250 JPY"): never summed into one figure.
      textCell(moneyList(run.atStake)),
      textCell(run.errorMessage),
      valueCell(run.id),
    ].join(",") + LINE_END
  );
}

/** The report file's discrepancy columns, with the row's id first (a link back to the run page). */
export const DISCREPANCIES_CSV_HEADER = ["id", ...DISCREPANCY_CSV_COLUMNS].join(",");

export function discrepancyCsvLine(d: RunDiscrepancy): string {
  return [valueCell(d.id), ...discrepancyCsvCells(d)].join(",") + LINE_END;
}

export { LINE_END as CSV_LINE_END };
