import { runFiguresOf, type RunRow } from "@recon/db";
import {
  alertSeverity,
  failureSubject,
  formatMinorUnits,
  primaryTotals,
  reportSubject,
  SUGGESTED_ACTIONS,
  toMajorDecimal,
  type Severity,
} from "@recon/domain";

export interface RunAlert {
  severity: Severity;
  subject: string;
  summary: string;
  actions: readonly string[];
}

const MAX_ERROR_LENGTH = 500;

/** The legacy alert of a run: severity by the thresholds table, subject line and suggested actions. */
export function runAlert(run: RunRow, eventType: "run.completed" | "run.failed"): RunAlert {
  const date = run.runDate.toISOString().slice(0, 10);
  if (eventType === "run.failed") {
    const error = (run.errorMessage ?? "unknown error").slice(0, MAX_ERROR_LENGTH);
    return {
      severity: "critical",
      subject: failureSubject(run.processorName, date),
      summary: `run ${run.id} failed: ${error}`,
      actions: SUGGESTED_ACTIONS.critical,
    };
  }
  const figures = runFiguresOf(run);
  const totals = primaryTotals(figures);
  const severity = alertSeverity({
    transactionCount: figures.processorTransactionCount,
    missingCount: figures.counts.missing_in_internal,
    discrepancyAmount: toMajorDecimal(totals.missingMinor, figures.primaryCurrency),
    volume: toMajorDecimal(totals.volumeMinor, figures.primaryCurrency),
  });
  const missing = `${figures.counts.missing_in_internal} of ${figures.processorTransactionCount} transactions missing from the ledger`;
  const amount = `${formatMinorUnits(totals.missingMinor, figures.primaryCurrency)} ${figures.primaryCurrency}`;
  return {
    severity,
    subject: reportSubject(severity, run.processorName, date),
    summary: `${run.processorName} ${date}: ${missing} (${amount})`,
    actions: SUGGESTED_ACTIONS[severity],
  };
}
