import Decimal from "decimal.js";

/**
 * The legacy tool's risk and alert rules (docs/legacy-contract.md). Users' dashboards
 * and habits rely on these exact thresholds; change them only with a documented superset.
 */

export type RiskLevel = "LOW" | "MEDIUM" | "HIGH";
export type ComplianceStatus = "COMPLIANT" | "NEEDS_REVIEW";
export type DelayRisk = "LOW" | "HIGH";
export type Severity = "low" | "medium" | "high" | "critical";

/** missing / processor transactions; 0 when there are none. A fraction, not a percentage. */
export function discrepancyRate(missingCount: number, processorCount: number): Decimal {
  return processorCount === 0 ? new Decimal(0) : new Decimal(missingCount).dividedBy(processorCount);
}

/** LOW when rate < 0.001, MEDIUM when < 0.005, otherwise HIGH. */
export function riskLevel(rate: Decimal): RiskLevel {
  if (rate.lessThan("0.001")) return "LOW";
  if (rate.lessThan("0.005")) return "MEDIUM";
  return "HIGH";
}

export function complianceStatus(risk: RiskLevel): ComplianceStatus {
  return risk === "LOW" ? "COMPLIANT" : "NEEDS_REVIEW";
}

/** HIGH when more than 10 transactions are missing. */
export function delayRisk(missingCount: number): DelayRisk {
  return missingCount > 10 ? "HIGH" : "LOW";
}

/** The legacy high-discrepancy alert: the discrepancy total (major units) exceeds 10,000. */
export function isHighDiscrepancy(totalDiscrepancyMajor: Decimal): boolean {
  return totalDiscrepancyMajor.greaterThan(10_000);
}

interface SeverityThresholds {
  medium: string;
  high: string;
  critical: string;
}

/** Thresholds by daily transaction count: busier merchants alert on smaller fractions. */
export function severityThresholds(transactionCount: number): SeverityThresholds {
  if (transactionCount < 10_000) return { medium: "0.05", high: "0.10", critical: "0.20" };
  if (transactionCount < 100_000) return { medium: "0.02", high: "0.05", critical: "0.10" };
  return { medium: "0.003", high: "0.005", critical: "0.01" };
}

export interface SeverityInput {
  transactionCount: number;
  missingCount: number;
  /** Discrepancy amount in major units of the reporting currency. */
  discrepancyAmount: Decimal;
  /** Processed volume in major units of the reporting currency. */
  volume: Decimal;
}

/**
 * d = max(missing / transactions, discrepancy amount / volume); critical when d > critical or the
 * amount exceeds 100,000; else high when d > high; else medium when d > medium; else low.
 */
export function alertSeverity(input: SeverityInput): Severity {
  const countRatio = discrepancyRate(input.missingCount, input.transactionCount);
  const amountRatio = input.volume.isZero() ? new Decimal(0) : input.discrepancyAmount.dividedBy(input.volume);
  const d = Decimal.max(countRatio, amountRatio);
  const t = severityThresholds(input.transactionCount);
  if (d.greaterThan(t.critical) || input.discrepancyAmount.greaterThan(100_000)) return "critical";
  if (d.greaterThan(t.high)) return "high";
  if (d.greaterThan(t.medium)) return "medium";
  return "low";
}

const SEVERITY_ORDER: readonly Severity[] = ["low", "medium", "high", "critical"];
const RISK_AS_SEVERITY: Record<RiskLevel, Severity> = { LOW: "low", MEDIUM: "medium", HIGH: "high" };

/**
 * How urgently a report's reader should act: the stricter of the alert severity and the risk
 * level (LOW, MEDIUM, HIGH read as low, medium, high). A report shows both figures, so its badge
 * and recommended actions follow this one level and never call a HIGH-risk, NEEDS_REVIEW day
 * "no immediate action required". The alert keeps the legacy severity alone (its subject line
 * is a contract).
 */
export function reviewPriority(severity: Severity, risk: RiskLevel): Severity {
  const stricter = Math.max(SEVERITY_ORDER.indexOf(severity), SEVERITY_ORDER.indexOf(RISK_AS_SEVERITY[risk]));
  return SEVERITY_ORDER[stricter] ?? severity;
}

export const SEVERITY_SUBJECT_PREFIX: Record<Severity, string> = {
  critical: "🚨 CRITICAL",
  high: "⚠️ HIGH PRIORITY",
  medium: "📊 ATTENTION",
  low: "✅ INFO",
};

export const SUGGESTED_ACTIONS: Record<Severity, readonly string[]> = {
  critical: ["Immediate action required", "Contact payment processor", "Escalate to compliance"],
  high: ["Review within 2 hours"],
  medium: ["Review during business hours"],
  low: ["No immediate action required"],
};

/** The legacy subject line of a completed run's report. */
export function reportSubject(severity: Severity, processor: string, date: string): string {
  return `${SEVERITY_SUBJECT_PREFIX[severity]} Daily Reconciliation Report - ${processor} - ${date}`;
}

/** The legacy subject line of a failed run. */
export function failureSubject(processor: string, date: string): string {
  return `🚨 CRITICAL: Reconciliation Failed - ${processor} - ${date}`;
}
