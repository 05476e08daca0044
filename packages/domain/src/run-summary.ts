import type Decimal from "decimal.js";
import type { KindCounts } from "./discrepancy";
import { toMajorDecimal } from "./money";
import {
  complianceStatus,
  delayRisk,
  discrepancyRate,
  riskLevel,
  type ComplianceStatus,
  type DelayRisk,
  type RiskLevel,
} from "./risk";

/** Money figures of one currency. Amounts are minor units, never summed across currencies. */
export interface CurrencyTotals {
  /** Sum of |amount| of the processor transactions missing from the ledger. */
  missingMinor: bigint;
  /** Sum of |amount| of every processor transaction (unique ids). */
  volumeMinor: bigint;
  /** Sum of the money at stake over every discrepancy of every kind. */
  atRiskMinor: bigint;
  /** Sum of the fees of the processor transactions missing from the ledger. */
  feesAtRiskMinor: bigint;
}

/**
 * The figures of one run. The legacy single-number columns (total_discrepancy_amount and
 * friends) are taken in the run's primary currency, the one most of its processor
 * transactions are in; every currency's own totals are kept in `totalsByCurrency`.
 */
export interface RunFigures {
  processorTransactionCount: number;
  internalTransactionCount: number;
  matchedCount: number;
  counts: KindCounts;
  primaryCurrency: string;
  totalsByCurrency: Record<string, CurrencyTotals>;
}

export function emptyCurrencyTotals(): CurrencyTotals {
  return { missingMinor: 0n, volumeMinor: 0n, atRiskMinor: 0n, feesAtRiskMinor: 0n };
}

/** The primary currency's totals, zero when the run saw no money in it. */
export function primaryTotals(figures: RunFigures): CurrencyTotals {
  return figures.totalsByCurrency[figures.primaryCurrency] ?? emptyCurrencyTotals();
}

/** The legacy `financial_impact` block. */
export interface FinancialImpact {
  discrepancyRate: Decimal;
  feesAtRisk: Decimal;
  riskLevel: RiskLevel;
  complianceStatus: ComplianceStatus;
  delayRisk: DelayRisk;
}

export function financialImpact(figures: RunFigures): FinancialImpact {
  const missing = figures.counts.missing_in_internal;
  const rate = discrepancyRate(missing, figures.processorTransactionCount);
  const risk = riskLevel(rate);
  return {
    discrepancyRate: rate,
    feesAtRisk: toMajorDecimal(primaryTotals(figures).feesAtRiskMinor, figures.primaryCurrency),
    riskLevel: risk,
    complianceStatus: complianceStatus(risk),
    delayRisk: delayRisk(missing),
  };
}
