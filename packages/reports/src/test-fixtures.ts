import { emptyKindCounts, type CurrencyTotals, type RunFigures } from "@recon/domain";
import type { LegacyReportInput, MissingRow } from "./legacy-report-input";

/** Builders for tests: a valid input with overridable fields. */

export function missingRow(overrides: Partial<MissingRow> = {}): MissingRow {
  return {
    transactionId: "txn_1",
    processorName: "stripe",
    amountMinor: 1_234n,
    currency: "USD",
    status: "succeeded",
    merchantId: "m_1",
    transactionDate: new Date("2026-11-24T10:15:00.000Z"),
    referenceNumber: "order-1",
    feeMinor: 66n,
    ...overrides,
  };
}

export function totals(overrides: Partial<CurrencyTotals> = {}): CurrencyTotals {
  return { missingMinor: 0n, volumeMinor: 0n, atRiskMinor: 0n, feesAtRiskMinor: 0n, ...overrides };
}

export function figures(overrides: Partial<RunFigures> = {}): RunFigures {
  return {
    processorTransactionCount: 0,
    internalTransactionCount: 0,
    matchedCount: 0,
    counts: emptyKindCounts(),
    primaryCurrency: "USD",
    totalsByCurrency: {},
    ...overrides,
  };
}

export function reportInput(overrides: Partial<LegacyReportInput> = {}): LegacyReportInput {
  return {
    processor: "stripe",
    runDate: "2026-11-24",
    generatedAt: new Date("2026-11-25T04:00:12.345Z"),
    figures: figures(),
    missing: [],
    ...overrides,
  };
}
