import {
  DISCREPANCY_KINDS,
  alertSeverity,
  financialImpact,
  primaryTotals,
  toMajorDecimal,
  type DiscrepancyKind,
  type Severity,
} from "@recon/domain";
import { formatLegacyAmount } from "./legacy-amount";
import type { LegacyReportInput, MissingRow } from "./legacy-report-input";
import { sandboxedSources } from "./sandbox-notice";

/** Bumped when the JSON shape changes; 2.x is the legacy 1.x contract plus added keys only. */
export const LEGACY_REPORT_VERSION = "2.1";
export const REPORT_GENERATOR = "recon";

/** Money of one currency, as decimal strings in major units. */
export interface JsonCurrencyTotals {
  total_discrepancy_amount: string;
  total_volume_processed: string;
  total_amount_at_risk: string;
  fees_at_risk: string;
}

export interface JsonMissingTransaction {
  transaction_id: string;
  processor_name: string;
  amount: string;
  currency: string;
  status: string;
  merchant_id: string | null;
  transaction_date: string;
  reference_number: string | null;
  fee: string;
}

/**
 * `reconciliation_report_{processor}_{date}.json`. Every key of the legacy tool is kept with
 * its meaning; the added keys (report_version, generator, sandbox, sandboxed_sources, currency,
 * totals_by_currency, matched_transactions, total_amount_at_risk, discrepancy_counts,
 * alert_severity) are a superset. Money is
 * always a decimal string: a bigint never becomes a JSON number.
 */
export interface LegacyJsonReport {
  report_metadata: {
    generated_at: string;
    report_version: string;
    generator: string;
    /** True when the data came from the built-in sandbox emulators (generated, not real money). Since 2.1. */
    sandbox: boolean;
    /** Which sources were the emulators: the processor and "internal" (the ledger), or none. Since 2.1. */
    sandboxed_sources: string[];
  };
  reconciliation_summary: {
    date: string;
    processor: string;
    processor_transactions: number;
    internal_transactions: number;
    missing_transaction_count: number;
    /** Legacy meaning: the sum of the missing transactions' amounts, in `currency`. */
    total_discrepancy_amount: string;
    total_volume_processed: string;
    /** The currency of the single-figure amounts above: the run's primary currency. */
    currency: string;
    matched_transactions: number;
    /** Money at stake over every discrepancy kind, in `currency`. */
    total_amount_at_risk: string;
    discrepancy_counts: Record<DiscrepancyKind, number>;
    totals_by_currency: Record<string, JsonCurrencyTotals>;
  };
  missing_transactions: JsonMissingTransaction[];
  financial_impact: {
    /** missing / processor transactions, a fraction (0.0123), as the legacy tool wrote it. */
    discrepancy_rate: number;
    fees_at_risk: string;
    risk_level: string;
    compliance_status: string;
    delay_risk: string;
    /** The alert severity the notifier uses for this run (docs/legacy-contract.md, "Alert severity, subjects and actions"). */
    alert_severity: Severity;
  };
}

function missingTransaction(row: MissingRow): JsonMissingTransaction {
  return {
    transaction_id: row.transactionId,
    processor_name: row.processorName,
    amount: formatLegacyAmount(row.amountMinor, row.currency),
    currency: row.currency,
    status: row.status,
    merchant_id: row.merchantId,
    transaction_date: row.transactionDate.toISOString(),
    reference_number: row.referenceNumber,
    fee: formatLegacyAmount(row.feeMinor, row.currency),
  };
}

/** The legacy JSON report as a plain object (only strings, numbers, nulls, arrays, objects). */
export function renderLegacyJson(input: LegacyReportInput): LegacyJsonReport {
  const { figures } = input;
  const currency = figures.primaryCurrency;
  const primary = primaryTotals(figures);
  const impact = financialImpact(figures);

  const totalsByCurrency: Record<string, JsonCurrencyTotals> = {};
  for (const [code, totals] of Object.entries(figures.totalsByCurrency)) {
    totalsByCurrency[code] = {
      total_discrepancy_amount: formatLegacyAmount(totals.missingMinor, code),
      total_volume_processed: formatLegacyAmount(totals.volumeMinor, code),
      total_amount_at_risk: formatLegacyAmount(totals.atRiskMinor, code),
      fees_at_risk: formatLegacyAmount(totals.feesAtRiskMinor, code),
    };
  }
  const counts = Object.fromEntries(DISCREPANCY_KINDS.map((kind) => [kind, figures.counts[kind]])) as Record<
    DiscrepancyKind,
    number
  >;

  return {
    report_metadata: {
      generated_at: input.generatedAt.toISOString(),
      report_version: LEGACY_REPORT_VERSION,
      generator: REPORT_GENERATOR,
      sandbox: input.sandbox,
      sandboxed_sources: sandboxedSources(input),
    },
    reconciliation_summary: {
      date: input.runDate,
      processor: input.processor,
      processor_transactions: figures.processorTransactionCount,
      internal_transactions: figures.internalTransactionCount,
      missing_transaction_count: figures.counts.missing_in_internal,
      total_discrepancy_amount: formatLegacyAmount(primary.missingMinor, currency),
      total_volume_processed: formatLegacyAmount(primary.volumeMinor, currency),
      currency,
      matched_transactions: figures.matchedCount,
      total_amount_at_risk: formatLegacyAmount(primary.atRiskMinor, currency),
      discrepancy_counts: counts,
      totals_by_currency: totalsByCurrency,
    },
    missing_transactions: input.missing.map(missingTransaction),
    financial_impact: {
      // A ratio, not money: a JSON number is what the legacy consumers read.
      discrepancy_rate: impact.discrepancyRate.toNumber(),
      fees_at_risk: formatLegacyAmount(primary.feesAtRiskMinor, currency),
      risk_level: impact.riskLevel,
      compliance_status: impact.complianceStatus,
      delay_risk: impact.delayRisk,
      alert_severity: alertSeverity({
        transactionCount: figures.processorTransactionCount,
        missingCount: figures.counts.missing_in_internal,
        discrepancyAmount: toMajorDecimal(primary.missingMinor, currency),
        volume: toMajorDecimal(primary.volumeMinor, currency),
      }),
    },
  };
}

/** The JSON report as file content: two-space indent, trailing newline. */
export function renderLegacyJsonString(input: LegacyReportInput): string {
  return `${JSON.stringify(renderLegacyJson(input), null, 2)}\n`;
}
