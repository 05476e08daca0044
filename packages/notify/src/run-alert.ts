import {
  DISCREPANCY_KINDS,
  SUGGESTED_ACTIONS,
  alertSeverity,
  failureSubject,
  reportSubject,
  toMajorDecimal,
  type KindCounts,
  type Severity,
} from "@recon/domain";

/** Money of one currency, in minor units. */
export interface AlertCurrencyTotals {
  /** Over every discrepancy kind. */
  atRiskMinor: bigint;
  /** Missing from the ledger (the legacy discrepancy amount). */
  missingMinor: bigint;
  volumeMinor: bigint;
}

/** What an alert is built from: a completed run's figures, or a failed run's error. */
export type AlertRunInput = (
  | {
      status: "completed";
      runId: string;
      processor: string;
      /** YYYY-MM-DD */
      runDate: string;
      processorTransactionCount: number;
      counts: KindCounts;
      primaryCurrency: string;
      totalsByCurrency: Record<string, AlertCurrencyTotals>;
      /** A link people can open (presigned S3 URL), when the reports are in S3. */
      reportUrl?: string | undefined;
      /** Where the reports are when there is no link (a path on the report host), or why they are missing. */
      reportNote?: string | undefined;
    }
  | { status: "failed"; runId: string; processor: string; runDate: string; error: string }
) & {
  /** The run's sources were the built-in sandbox emulators: the alert says so first. */
  sandbox: boolean;
};

/** One alert, channel-neutral; the Slack and email renderers format it. */
export interface RunAlert {
  status: "completed" | "failed";
  runId: string;
  processor: string;
  runDate: string;
  severity: Severity;
  /** The legacy subject line (docs/legacy-contract.md, "Alert severity, subjects and actions"). */
  subject: string;
  /** One plain-text sentence. */
  summary: string;
  actions: readonly string[];
  counts?: KindCounts;
  totalsByCurrency?: Record<string, AlertCurrencyTotals>;
  reportUrl?: string | undefined;
  reportNote?: string | undefined;
  /** Failed runs only: the error, truncated to MAX_ERROR_LENGTH (escaped by each renderer). */
  error?: string;
  /** The sandbox banner when the run's data came from the built-in emulators (generated, not real money). */
  sandboxNotice?: string | undefined;
}

/** Marks a sandbox run's alert: `[SANDBOX]` before the legacy subject, and the banner every channel shows first. */
function withSandboxNotice(alert: RunAlert, input: AlertRunInput): RunAlert {
  if (!input.sandbox) return alert;
  return {
    ...alert,
    subject: `[SANDBOX] ${alert.subject}`,
    sandboxNotice: `SANDBOX: generated data from the built-in emulators (${input.processor} and the ledger), not real money.`,
  };
}

/** Longest error text an alert carries; the full text is on the run row. */
export const MAX_ERROR_LENGTH = 500;

export function truncateError(error: string, max = MAX_ERROR_LENGTH): string {
  const chars = [...error];
  return chars.length <= max ? error : `${chars.slice(0, max - 1).join("")}…`;
}

/** The legacy alert of a run: severity by the thresholds table, subject line and suggested actions. */
export function buildRunAlert(input: AlertRunInput): RunAlert {
  return withSandboxNotice(legacyRunAlert(input), input);
}

function legacyRunAlert(input: AlertRunInput): RunAlert {
  if (input.status === "failed") {
    const error = truncateError(input.error.trim() === "" ? "unknown error" : input.error);
    return {
      status: "failed",
      runId: input.runId,
      processor: input.processor,
      runDate: input.runDate,
      severity: "critical",
      subject: failureSubject(input.processor, input.runDate),
      summary: `Run ${input.runId} (${input.processor} ${input.runDate}) failed.`,
      actions: SUGGESTED_ACTIONS.critical,
      error,
    };
  }
  const currency = input.primaryCurrency;
  const primary = input.totalsByCurrency[currency] ?? { atRiskMinor: 0n, missingMinor: 0n, volumeMinor: 0n };
  const severity = alertSeverity({
    transactionCount: input.processorTransactionCount,
    missingCount: input.counts.missing_in_internal,
    discrepancyAmount: toMajorDecimal(primary.missingMinor, currency),
    volume: toMajorDecimal(primary.volumeMinor, currency),
  });
  const total = DISCREPANCY_KINDS.reduce((sum, kind) => sum + input.counts[kind], 0);
  return {
    status: "completed",
    runId: input.runId,
    processor: input.processor,
    runDate: input.runDate,
    severity,
    subject: reportSubject(severity, input.processor, input.runDate),
    summary: `${input.processor} ${input.runDate}: ${total} discrepancies in ${input.processorTransactionCount} processor transactions; ${input.counts.missing_in_internal} missing from the ledger.`,
    actions: SUGGESTED_ACTIONS[severity],
    counts: input.counts,
    totalsByCurrency: input.totalsByCurrency,
    reportUrl: input.reportUrl,
    reportNote: input.reportNote,
  };
}
