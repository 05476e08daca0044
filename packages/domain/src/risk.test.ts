import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import {
  alertSeverity,
  complianceStatus,
  delayRisk,
  discrepancyRate,
  failureSubject,
  isHighDiscrepancy,
  reportSubject,
  reviewPriority,
  riskLevel,
  severityThresholds,
  SUGGESTED_ACTIONS,
  type Severity,
} from "./risk";

/** Severity from a count ratio only: `missing` of `transactions`, no money involved. */
function byCount(transactions: number, missing: number): Severity {
  return alertSeverity({
    transactionCount: transactions,
    missingCount: missing,
    discrepancyAmount: new Decimal(0),
    volume: new Decimal(0),
  });
}

/** Severity from an amount ratio only: `amount` of `volume`, nothing missing by count. */
function byAmount(transactions: number, amount: string, volume: string): Severity {
  return alertSeverity({
    transactionCount: transactions,
    missingCount: 0,
    discrepancyAmount: new Decimal(amount),
    volume: new Decimal(volume),
  });
}

// docs/legacy-contract.md, "Alert severity, subjects and actions": thresholds by daily transaction count, strictly greater than.
describe("the legacy severity table, row by row", () => {
  it.each([
    // < 10,000 transactions: medium 0.05, high 0.10, critical 0.20
    { transactions: 1_000, missing: 50, expected: "low" }, // d = 0.05, not > 0.05
    { transactions: 1_000, missing: 51, expected: "medium" },
    { transactions: 1_000, missing: 100, expected: "medium" }, // d = 0.10, not > 0.10
    { transactions: 1_000, missing: 101, expected: "high" },
    { transactions: 1_000, missing: 200, expected: "high" }, // d = 0.20, not > 0.20
    { transactions: 1_000, missing: 201, expected: "critical" },
    { transactions: 9_999, missing: 0, expected: "low" },
    // < 100,000 transactions: medium 0.02, high 0.05, critical 0.10
    { transactions: 10_000, missing: 200, expected: "low" },
    { transactions: 10_000, missing: 201, expected: "medium" },
    { transactions: 10_000, missing: 500, expected: "medium" },
    { transactions: 10_000, missing: 501, expected: "high" },
    { transactions: 10_000, missing: 1_000, expected: "high" },
    { transactions: 10_000, missing: 1_001, expected: "critical" },
    { transactions: 99_999, missing: 1_999, expected: "low" },
    // >= 100,000 transactions: medium 0.003, high 0.005, critical 0.01
    { transactions: 100_000, missing: 300, expected: "low" },
    { transactions: 100_000, missing: 301, expected: "medium" },
    { transactions: 100_000, missing: 500, expected: "medium" },
    { transactions: 100_000, missing: 501, expected: "high" },
    { transactions: 100_000, missing: 1_000, expected: "high" },
    { transactions: 100_000, missing: 1_001, expected: "critical" },
  ] as const)(
    "$transactions transactions, $missing missing → $expected",
    ({ transactions, missing, expected }) => {
      expect(byCount(transactions, missing)).toBe(expected);
    },
  );

  it("switches tier exactly at 10,000 and 100,000 transactions", () => {
    expect(severityThresholds(9_999)).toEqual({ medium: "0.05", high: "0.10", critical: "0.20" });
    expect(severityThresholds(10_000)).toEqual({ medium: "0.02", high: "0.05", critical: "0.10" });
    expect(severityThresholds(99_999)).toEqual({ medium: "0.02", high: "0.05", critical: "0.10" });
    expect(severityThresholds(100_000)).toEqual({ medium: "0.003", high: "0.005", critical: "0.01" });
    // The same 3% is medium for a small merchant, high for a big one.
    expect(byCount(1_000, 30)).toBe("low");
    expect(byCount(10_000, 300)).toBe("medium");
    expect(byCount(100_000, 3_000)).toBe("critical");
  });

  it("takes d as the larger of the count ratio and the amount ratio", () => {
    expect(byAmount(1_000, "50.01", "1000")).toBe("medium");
    expect(byAmount(1_000, "100.01", "1000")).toBe("high");
    expect(byAmount(1_000, "200.01", "1000")).toBe("critical");
    expect(byAmount(1_000, "50", "1000")).toBe("low");
    // Count says low (1%), amount says high (15%): the larger wins.
    expect(
      alertSeverity({
        transactionCount: 1_000,
        missingCount: 10,
        discrepancyAmount: new Decimal(150),
        volume: new Decimal(1_000),
      }),
    ).toBe("high");
  });

  it("is critical whenever the discrepancy amount exceeds 100,000, whatever the ratio", () => {
    expect(byAmount(1_000, "100000.01", "100000000")).toBe("critical");
    expect(byAmount(1_000, "100000", "100000000")).toBe("low");
  });

  it("treats no transactions and no volume as d = 0", () => {
    expect(byCount(0, 0)).toBe("low");
    expect(byAmount(0, "10", "0")).toBe("low");
  });
});

describe("subjects and suggested actions", () => {
  it.each([
    [
      "critical",
      "🚨 CRITICAL Daily Reconciliation Report - stripe - 2026-11-24",
      ["Immediate action required", "Contact payment processor", "Escalate to compliance"],
    ],
    ["high", "⚠️ HIGH PRIORITY Daily Reconciliation Report - stripe - 2026-11-24", ["Review within 2 hours"]],
    [
      "medium",
      "📊 ATTENTION Daily Reconciliation Report - stripe - 2026-11-24",
      ["Review during business hours"],
    ],
    ["low", "✅ INFO Daily Reconciliation Report - stripe - 2026-11-24", ["No immediate action required"]],
  ] as const)("%s", (severity, subject, actions) => {
    expect(reportSubject(severity, "stripe", "2026-11-24")).toBe(subject);
    expect(SUGGESTED_ACTIONS[severity]).toEqual(actions);
  });

  it("has the failed-run subject", () => {
    expect(failureSubject("paypal", "2026-11-24")).toBe(
      "🚨 CRITICAL: Reconciliation Failed - paypal - 2026-11-24",
    );
  });
});

describe("summary figures", () => {
  it("rates and risk levels at their boundaries", () => {
    expect(discrepancyRate(0, 0).toString()).toBe("0");
    expect(discrepancyRate(1, 1_000).toString()).toBe("0.001");
    expect(riskLevel(new Decimal("0.000999"))).toBe("LOW");
    expect(riskLevel(new Decimal("0.001"))).toBe("MEDIUM");
    expect(riskLevel(new Decimal("0.004999"))).toBe("MEDIUM");
    expect(riskLevel(new Decimal("0.005"))).toBe("HIGH");
    expect(complianceStatus("LOW")).toBe("COMPLIANT");
    expect(complianceStatus("MEDIUM")).toBe("NEEDS_REVIEW");
    expect(complianceStatus("HIGH")).toBe("NEEDS_REVIEW");
    expect(delayRisk(10)).toBe("LOW");
    expect(delayRisk(11)).toBe("HIGH");
    expect(isHighDiscrepancy(new Decimal(10_000))).toBe(false);
    expect(isHighDiscrepancy(new Decimal("10000.01"))).toBe(true);
  });
});

describe("reviewPriority", () => {
  it("is the stricter of the alert severity and the risk level", () => {
    expect(reviewPriority("low", "HIGH")).toBe("high");
    expect(reviewPriority("low", "MEDIUM")).toBe("medium");
    expect(reviewPriority("low", "LOW")).toBe("low");
    expect(reviewPriority("critical", "LOW")).toBe("critical");
    expect(reviewPriority("high", "MEDIUM")).toBe("high");
  });
});
