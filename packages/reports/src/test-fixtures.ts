import { emptyKindCounts, type CurrencyTotals, type RunFigures } from "@recon/domain";
import type { DiscrepancyLine, ReportBundleInput } from "./report-bundle-input";
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
    sandbox: false,
    ...overrides,
  };
}

export function discrepancy(overrides: Partial<DiscrepancyLine> = {}): DiscrepancyLine {
  return {
    kind: "amount_mismatch",
    processorExternalId: "ch_1",
    internalExternalId: "led_1",
    currency: "USD",
    processorAmountMinor: 10_000n,
    internalAmountMinor: 9_000n,
    amountAtRiskMinor: 1_000n,
    reason: "amounts differ",
    ...overrides,
  };
}

/** A run with breaks of several kinds in two currencies. */
export function bundleInput(overrides: Partial<ReportBundleInput> = {}): ReportBundleInput {
  const counts = { ...emptyKindCounts(), missing_in_internal: 2, amount_mismatch: 1, duplicate: 1 };
  return {
    ...reportInput({
      figures: figures({
        processorTransactionCount: 40,
        internalTransactionCount: 38,
        matchedCount: 36,
        counts,
        totalsByCurrency: {
          USD: totals({
            missingMinor: 2_500n,
            volumeMinor: 100_000n,
            atRiskMinor: 3_500n,
            feesAtRiskMinor: 90n,
          }),
          JPY: totals({ missingMinor: 0n, volumeMinor: 50_000n, atRiskMinor: 1_500n }),
        },
      }),
      missing: [missingRow(), missingRow({ transactionId: "txn_2", amountMinor: 1_266n })],
    }),
    discrepancies: [
      discrepancy({
        kind: "missing_in_internal",
        processorExternalId: "txn_1",
        internalExternalId: null,
        internalAmountMinor: null,
        processorAmountMinor: 1_234n,
        amountAtRiskMinor: 1_234n,
        reason: "not in ledger",
      }),
      discrepancy({
        kind: "missing_in_internal",
        processorExternalId: "txn_2",
        internalExternalId: null,
        internalAmountMinor: null,
        processorAmountMinor: 1_266n,
        amountAtRiskMinor: 1_266n,
        reason: "not in ledger",
      }),
      discrepancy(),
      discrepancy({
        kind: "duplicate",
        currency: "JPY",
        processorExternalId: '=HYPERLINK("x")',
        processorAmountMinor: 1_500n,
        internalAmountMinor: null,
        internalExternalId: null,
        amountAtRiskMinor: 1_500n,
        reason: "<script>alert(1)</script>",
      }),
    ],
    ...overrides,
  };
}
