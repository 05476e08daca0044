import { emptyKindCounts } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { renderLegacyJson, renderLegacyJsonString } from "./render-legacy-json";
import { figures, missingRow, reportInput, totals } from "./test-fixtures";

describe("renderLegacyJson", () => {
  it("keeps every legacy key with its legacy meaning", () => {
    const counts = { ...emptyKindCounts(), missing_in_internal: 2, amount_mismatch: 1 };
    const report = renderLegacyJson(
      reportInput({
        figures: figures({
          processorTransactionCount: 1_000,
          internalTransactionCount: 999,
          matchedCount: 997,
          counts,
          primaryCurrency: "USD",
          totalsByCurrency: {
            USD: totals({ missingMinor: 1_734n, volumeMinor: 12_345_678n, atRiskMinor: 1_784n, feesAtRiskMinor: 66n }),
            JPY: totals({ volumeMinor: 1_500n }),
          },
        }),
        missing: [missingRow(), missingRow({ transactionId: "txn_2", amountMinor: 500n, feeMinor: 0n, merchantId: null })],
      }),
    );

    expect(Object.keys(report)).toEqual(["report_metadata", "reconciliation_summary", "missing_transactions", "financial_impact"]);
    expect(report.report_metadata.generated_at).toBe("2026-11-25T04:00:12.345Z");
    expect(report.reconciliation_summary).toMatchObject({
      date: "2026-11-24",
      processor: "stripe",
      processor_transactions: 1_000,
      internal_transactions: 999,
      missing_transaction_count: 2,
      total_discrepancy_amount: "17.34",
      total_volume_processed: "123456.78",
      currency: "USD",
      matched_transactions: 997,
      total_amount_at_risk: "17.84",
    });
    expect(report.reconciliation_summary.discrepancy_counts).toEqual(counts);
    expect(report.reconciliation_summary.totals_by_currency).toEqual({
      USD: { total_discrepancy_amount: "17.34", total_volume_processed: "123456.78", total_amount_at_risk: "17.84", fees_at_risk: "0.66" },
      JPY: { total_discrepancy_amount: "0.00", total_volume_processed: "1500.00", total_amount_at_risk: "0.00", fees_at_risk: "0.00" },
    });
    expect(report.missing_transactions).toEqual([
      {
        transaction_id: "txn_1",
        processor_name: "stripe",
        amount: "12.34",
        currency: "USD",
        status: "succeeded",
        merchant_id: "m_1",
        transaction_date: "2026-11-24T10:15:00.000Z",
        reference_number: "order-1",
        fee: "0.66",
      },
      expect.objectContaining({ transaction_id: "txn_2", amount: "5.00", fee: "0.00", merchant_id: null }),
    ]);
    // 2 / 1000 = 0.002: MEDIUM (>= 0.001, < 0.005), so not compliant; 2 missing is no delay risk.
    expect(report.financial_impact).toEqual({
      discrepancy_rate: 0.002,
      fees_at_risk: "0.66",
      risk_level: "MEDIUM",
      compliance_status: "NEEDS_REVIEW",
      delay_risk: "LOW",
      alert_severity: "low",
    });
  });

  it("reports an empty run as LOW risk and zero money", () => {
    const report = renderLegacyJson(reportInput());
    expect(report.reconciliation_summary.total_discrepancy_amount).toBe("0.00");
    expect(report.reconciliation_summary.total_volume_processed).toBe("0.00");
    expect(report.missing_transactions).toEqual([]);
    expect(report.financial_impact).toEqual({
      discrepancy_rate: 0,
      fees_at_risk: "0.00",
      risk_level: "LOW",
      compliance_status: "COMPLIANT",
      delay_risk: "LOW",
      alert_severity: "low",
    });
  });

  it("flags HIGH risk and delay risk past the legacy thresholds", () => {
    const counts = { ...emptyKindCounts(), missing_in_internal: 11 };
    const report = renderLegacyJson(
      reportInput({
        figures: figures({ processorTransactionCount: 100, counts, totalsByCurrency: { USD: totals({ missingMinor: 1_100n, volumeMinor: 10_000n }) } }),
      }),
    );
    expect(report.financial_impact).toMatchObject({
      discrepancy_rate: 0.11,
      risk_level: "HIGH",
      compliance_status: "NEEDS_REVIEW",
      delay_risk: "HIGH",
      alert_severity: "high",
    });
  });

  it("states single-figure money in the primary currency at its own precision (JPY, KWD)", () => {
    const jpy = renderLegacyJson(
      reportInput({ figures: figures({ primaryCurrency: "JPY", totalsByCurrency: { JPY: totals({ missingMinor: 1_500n, volumeMinor: 90_000n }) } }) }),
    );
    expect(jpy.reconciliation_summary).toMatchObject({ currency: "JPY", total_discrepancy_amount: "1500.00", total_volume_processed: "90000.00" });
    const kwd = renderLegacyJson(
      reportInput({ figures: figures({ primaryCurrency: "KWD", totalsByCurrency: { KWD: totals({ missingMinor: 1_234n, feesAtRiskMinor: 5n }) } }) }),
    );
    expect(kwd.reconciliation_summary.total_discrepancy_amount).toBe("1.234");
    expect(kwd.financial_impact.fees_at_risk).toBe("0.005");
  });

  it("serialises without bigints, as indented JSON with a trailing newline", () => {
    const text = renderLegacyJsonString(
      reportInput({
        figures: figures({ totalsByCurrency: { USD: totals({ volumeMinor: 9_007_199_254_740_993n }) } }),
        missing: [missingRow({ amountMinor: 9_007_199_254_740_993n })],
      }),
    );
    expect(text.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(text) as { missing_transactions: { amount: string }[]; reconciliation_summary: { total_volume_processed: string } };
    // Beyond Number.MAX_SAFE_INTEGER: exact only because it stays a string.
    expect(parsed.missing_transactions[0]!.amount).toBe("90071992547409.93");
    expect(parsed.reconciliation_summary.total_volume_processed).toBe("90071992547409.93");
  });
});
