import { runFiguresOf, type RunRow } from "@recon/db";
import { buildRunAlert, type AlertRunInput, type RunAlert } from "@recon/notify";

export type { RunAlert };

/** Where the run's reports are, as the alert shows it: a link, or a note saying where or why not. */
export interface ReportLink {
  reportUrl?: string | undefined;
  reportNote?: string | undefined;
}

/** The alert input of a stored run for its event. */
export function alertInputOf(
  run: RunRow,
  eventType: "run.completed" | "run.failed",
  link: ReportLink = {},
): AlertRunInput {
  const runDate = run.runDate.toISOString().slice(0, 10);
  if (eventType === "run.failed") {
    return {
      status: "failed",
      runId: run.id,
      processor: run.processorName,
      runDate,
      error: run.errorMessage ?? "unknown error",
      sandbox: run.sandbox,
    };
  }
  const figures = runFiguresOf(run);
  return {
    status: "completed",
    runId: run.id,
    processor: run.processorName,
    runDate,
    processorTransactionCount: figures.processorTransactionCount,
    counts: figures.counts,
    primaryCurrency: figures.primaryCurrency,
    totalsByCurrency: figures.totalsByCurrency,
    sandbox: run.sandbox,
    ...link,
  };
}

/** The legacy alert of a run: severity by the thresholds table, subject line and suggested actions. */
export function runAlert(
  run: RunRow,
  eventType: "run.completed" | "run.failed",
  link: ReportLink = {},
): RunAlert {
  return buildRunAlert(alertInputOf(run, eventType, link));
}
