// CSV exports of the runs list and of a run's filtered discrepancies. Free text goes through
// textCell (formula-safe), our own values through valueCell; amounts by the currency's exponent.
import { formatMinorUnits } from "@recon/domain";
import type { RunDiscrepancy, RunListRow } from "@recon/db";
import { textCell, valueCell } from "@recon/reports";
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

export const DISCREPANCIES_CSV_HEADER =
  "id,kind,processor_id,ledger_id,currency,processor_amount,ledger_amount,amount_at_stake,reason";

function amountCell(minor: bigint | null, currency: string): string {
  return minor === null ? "" : valueCell(formatMinorUnits(minor, currency));
}

export function discrepancyCsvLine(d: RunDiscrepancy): string {
  return (
    [
      valueCell(d.id),
      textCell(d.kind),
      textCell(d.processorExternalId),
      textCell(d.internalExternalId),
      textCell(d.currency),
      amountCell(d.processorAmountMinor, d.currency),
      amountCell(d.internalAmountMinor, d.currency),
      amountCell(d.amountAtRiskMinor, d.currency),
      textCell(d.reason),
    ].join(",") + LINE_END
  );
}

export { LINE_END as CSV_LINE_END };
