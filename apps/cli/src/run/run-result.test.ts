import type { RunRow } from "@recon/db";
import { describe, expect, it } from "vitest";
import { PENDING_CONSEQUENCES } from "./consequences";
import { runResultJson } from "./run-result";

function row(fields: Partial<RunRow>): RunRow {
  return {
    id: "run-1",
    processorName: "square",
    runDate: new Date("2025-10-09T00:00:00Z"),
    status: "completed",
    processorTransactionCount: 10,
    internalTransactionCount: 10,
    matchedCount: 9,
    missingTransactionCount: 1,
    rejectedCount: 0,
    errorMessage: null,
    sandbox: false,
    reports: {},
    counts: { missing_in_internal: 1 },
    ...fields,
  } as unknown as RunRow;
}

describe("a run in --json", () => {
  it("writes every decimal string at its currency's exponent, the legacy total_discrepancy_amount too", () => {
    const json = runResultJson(
      row({
        primaryCurrency: "JPY",
        totals: {
          JPY: { missingMinor: "180025", volumeMinor: "900000", atRiskMinor: "180025", feesAtRiskMinor: "0" },
          KWD: { missingMinor: "0", volumeMinor: "1500", atRiskMinor: "1", feesAtRiskMinor: "0" },
        },
      }),
      PENDING_CONSEQUENCES,
    );
    expect(json.total_discrepancy_amount).toBe("180025");
    expect(json.currency).toBe("JPY");
    expect(json.totals).toEqual({
      JPY: { missing_amount: "180025", volume: "900000", amount_at_risk: "180025", fees_at_risk: "0" },
      KWD: { missing_amount: "0.000", volume: "1.500", amount_at_risk: "0.001", fees_at_risk: "0.000" },
    });
  });
});
