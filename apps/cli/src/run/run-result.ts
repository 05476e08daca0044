import { runFiguresOf, type RunRow } from "@recon/db";
import { formatMinorUnits, primaryTotals, type KindCounts } from "@recon/domain";
import { reportLocation } from "./report-location";
import type { AlertOutcome, Consequences, ReportOutcome } from "./consequences";

/** One run in the `recon run --json` contract (docs/legacy-contract.md); extra keys are a superset. */
export interface RunResultJson {
  id: string;
  processor: string;
  date: string;
  status: string;
  counts: KindCounts;
  /** Per currency, decimal strings in major units: never summed across currencies. */
  totals: Record<string, { missing_amount: string; volume: string; amount_at_risk: string; fees_at_risk: string }>;
  reports: Record<string, string>;
  /** The report set's outcome; `location` is the folder or S3 prefix holding the files. */
  report: ReportOutcome & { location?: string };
  /** The run's alert and its outcome on each channel. */
  alert: AlertOutcome;
  processor_transaction_count: number;
  internal_transaction_count: number;
  matched_count: number;
  missing_transaction_count: number;
  total_discrepancy_amount: string;
  currency: string;
  rejected_count: number;
  error: string | null;
  /** The run's sources were the built-in sandbox emulators (generated data). */
  sandbox: boolean;
  /** Which: the processor and "internal" (the ledger) for a sandbox run, none otherwise. */
  sandboxed_sources: string[];
}

export function runResultJson(run: RunRow, consequences: Consequences): RunResultJson {
  const figures = runFiguresOf(run);
  const totals = Object.fromEntries(
    Object.entries(figures.totalsByCurrency).map(([currency, t]) => [
      currency,
      {
        missing_amount: formatMinorUnits(t.missingMinor, currency),
        volume: formatMinorUnits(t.volumeMinor, currency),
        amount_at_risk: formatMinorUnits(t.atRiskMinor, currency),
        fees_at_risk: formatMinorUnits(t.feesAtRiskMinor, currency),
      },
    ]),
  );
  const reports = (run.reports ?? {}) as Record<string, string>;
  const location = consequences.report.status === "stored" ? reportLocation(reports) : undefined;
  return {
    id: run.id,
    processor: run.processorName,
    date: run.runDate.toISOString().slice(0, 10),
    status: run.status,
    counts: figures.counts,
    totals,
    reports,
    processor_transaction_count: run.processorTransactionCount,
    internal_transaction_count: run.internalTransactionCount,
    matched_count: run.matchedCount,
    missing_transaction_count: run.missingTransactionCount,
    // The legacy figure (primary currency), written at that currency's exponent like every amount here.
    total_discrepancy_amount: formatMinorUnits(primaryTotals(figures).missingMinor, figures.primaryCurrency),
    currency: figures.primaryCurrency,
    rejected_count: run.rejectedCount,
    error: run.errorMessage,
    sandbox: run.sandbox,
    sandboxed_sources: run.sandbox ? [run.processorName, "internal"] : [],
    report: location === undefined ? consequences.report : { ...consequences.report, location },
    alert: consequences.alert,
  };
}
