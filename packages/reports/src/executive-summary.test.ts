import { emptyKindCounts } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { executiveSummary, renderExecutiveSummaryMarkdown, severityOfFigures } from "./executive-summary";
import { bundleInput, figures, totals } from "./test-fixtures";

describe("executiveSummary", () => {
  it("has the four legacy sections with counts, money per currency, risk and actions", () => {
    const summary = executiveSummary(bundleInput());
    // 2 missing of 40 = 0.05, amount 25.00 / 1000.00 = 0.025: d = 0.05, not > 0.05 medium threshold,
    // so the alert is low; but a 5% rate is risk level HIGH, and the report follows the stricter.
    expect(severityOfFigures(bundleInput().figures)).toBe("low");
    expect(summary.severity).toBe("high");
    expect(summary.overview.join(" ")).toContain(
      "4 discrepancies: missing_in_internal 2, amount_mismatch 1, duplicate 1.",
    );
    expect(summary.financialImpact).toContain(
      "USD: 35.00 USD at stake over every kind, 25.00 USD missing from the ledger, fees at risk 0.90 USD, volume 1000.00 USD.",
    );
    expect(summary.financialImpact.some((line) => line.startsWith("JPY: 1500 JPY at stake"))).toBe(true);
    expect(summary.riskAssessment[0]).toBe("Review priority HIGH: the stricter of alert severity LOW and risk level HIGH.");
    expect(summary.riskAssessment[1]).toContain("Alert severity LOW; discrepancy rate 5.00%");
    expect(summary.riskAssessment[2]).toBe("Risk level HIGH; compliance NEEDS_REVIEW; delay risk LOW.");
    expect(summary.recommendedActions).toEqual(["Review within 2 hours"]);
    const markdown = renderExecutiveSummaryMarkdown(summary);
    for (const heading of [
      "## Overview",
      "## Financial impact",
      "## Risk assessment",
      "## Recommended actions",
    ]) {
      expect(markdown).toContain(heading);
    }
  });

  it("raises the legacy high-discrepancy alert and critical actions above 10,000 missing", () => {
    const input = bundleInput({
      figures: figures({
        processorTransactionCount: 100,
        counts: { ...emptyKindCounts(), missing_in_internal: 30 },
        totalsByCurrency: {
          USD: totals({ missingMinor: 1_500_000n, volumeMinor: 2_000_000n, atRiskMinor: 1_500_000n }),
        },
      }),
    });
    const summary = executiveSummary(input);
    expect(severityOfFigures(input.figures)).toBe("critical");
    expect(summary.financialImpact).toContain(
      "High-discrepancy alert: the missing total exceeds 10,000 USD.",
    );
    expect(summary.recommendedActions).toEqual([
      "Immediate action required",
      "Contact payment processor",
      "Escalate to compliance",
    ]);
  });
});
