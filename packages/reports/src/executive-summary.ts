import {
  DISCREPANCY_KINDS,
  SUGGESTED_ACTIONS,
  alertSeverity,
  financialImpact,
  formatMoney,
  isHighDiscrepancy,
  primaryTotals,
  reviewPriority,
  toMajorDecimal,
  type RunFigures,
  type Severity,
} from "@recon/domain";
import type { ReportBundleInput } from "./report-bundle-input";
import { sandboxNotice } from "./sandbox-notice";

/** The executive summary that goes with each report: four sections of short plain sentences. */
export interface ExecutiveSummary {
  title: string;
  /** The sandbox banner (sandboxNotice) when the data came from the built-in emulators. */
  notice?: string | undefined;
  /**
   * The review priority (reviewPriority: the stricter of alert severity and risk level): the
   * badge and the recommended actions both follow it, and the risk lines show what it came from.
   */
  severity: Severity;
  overview: string[];
  financialImpact: string[];
  riskAssessment: string[];
  recommendedActions: string[];
}

/** The legacy alert severity of a run (docs/legacy-contract.md, "Alert severity, subjects and actions"), in its primary currency. */
export function severityOfFigures(figures: RunFigures): Severity {
  const primary = primaryTotals(figures);
  return alertSeverity({
    transactionCount: figures.processorTransactionCount,
    missingCount: figures.counts.missing_in_internal,
    discrepancyAmount: toMajorDecimal(primary.missingMinor, figures.primaryCurrency),
    volume: toMajorDecimal(primary.volumeMinor, figures.primaryCurrency),
  });
}

function percent(fraction: { times(n: number): { toFixed(d: number): string } }): string {
  return `${fraction.times(100).toFixed(2)}%`;
}

export function executiveSummary(input: ReportBundleInput): ExecutiveSummary {
  const { figures } = input;
  const currency = figures.primaryCurrency;
  const primary = primaryTotals(figures);
  const impact = financialImpact(figures);
  const alert = severityOfFigures(figures);
  const severity = reviewPriority(alert, impact.riskLevel);
  const total = DISCREPANCY_KINDS.reduce((sum, kind) => sum + figures.counts[kind], 0);
  const kinds = DISCREPANCY_KINDS.filter((kind) => figures.counts[kind] > 0).map(
    (kind) => `${kind} ${figures.counts[kind]}`,
  );

  const overview = [
    `${input.processor} on ${input.runDate}: ${figures.processorTransactionCount} processor transactions against ${figures.internalTransactionCount} ledger records; ${figures.matchedCount} matched.`,
    total === 0 ? "No discrepancies were found." : `${total} discrepancies: ${kinds.join(", ")}.`,
  ];
  const money = Object.entries(figures.totalsByCurrency)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([code, totals]) =>
        `${code}: ${formatMoney(totals.atRiskMinor, code)} at stake over every kind, ${formatMoney(totals.missingMinor, code)} missing from the ledger, fees at risk ${formatMoney(totals.feesAtRiskMinor, code)}, volume ${formatMoney(totals.volumeMinor, code)}.`,
    );
  const financial = money.length > 0 ? money : [`No money at stake (${currency}).`];
  if (isHighDiscrepancy(toMajorDecimal(primary.missingMinor, currency))) {
    financial.push(`High-discrepancy alert: the missing total exceeds 10,000 ${currency}.`);
  }
  const risk = [
    `Review priority ${severity.toUpperCase()}: the stricter of alert severity ${alert.toUpperCase()} and risk level ${impact.riskLevel}.`,
    `Alert severity ${alert.toUpperCase()}; discrepancy rate ${percent(impact.discrepancyRate)} (missing / processor transactions).`,
    `Risk level ${impact.riskLevel}; compliance ${impact.complianceStatus}; delay risk ${impact.delayRisk}.`,
  ];
  const notice = sandboxNotice(input);
  return {
    title: `${notice ? "[SANDBOX] " : ""}Reconciliation ${input.processor} ${input.runDate}: executive summary`,
    notice,
    severity,
    overview,
    financialImpact: financial,
    riskAssessment: risk,
    recommendedActions: [...SUGGESTED_ACTIONS[severity]],
  };
}

/** `executive_summary_{processor}_{date}.md`: the summary as Markdown, readable as plain text too. */
export function renderExecutiveSummaryMarkdown(summary: ExecutiveSummary): string {
  const section = (title: string, lines: string[]) => [`## ${title}`, "", ...lines.map((l) => `- ${l}`), ""];
  return [
    `# ${summary.title}`,
    "",
    ...(summary.notice ? [`> **${summary.notice}**`, ""] : []),
    ...section("Overview", summary.overview),
    ...section("Financial impact", summary.financialImpact),
    ...section("Risk assessment", summary.riskAssessment),
    ...section("Recommended actions", summary.recommendedActions),
  ].join("\n");
}
