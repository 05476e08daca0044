import type { DiscrepancyRow, RunRow } from "@recon/db";
import { describe, expect, it } from "vitest";
import { reportBundleInput } from "./report-input";

const run = {
  id: "0b6f3c3e-1111-4222-8333-444455556666",
  processorName: "stripe",
  runDate: new Date("2026-11-24T00:00:00Z"),
  endTime: new Date("2026-11-25T04:01:02Z"),
  processorTransactionCount: 3,
  internalTransactionCount: 2,
  matchedCount: 1,
  primaryCurrency: "USD",
  counts: { amount_mismatch: 1 },
  totals: { USD: { missingMinor: "0", volumeMinor: "300", atRiskMinor: "50", feesAtRiskMinor: "0" } },
} as unknown as RunRow;

const row = (kind: string): DiscrepancyRow => ({
  kind,
  processorExternalId: "ch_1",
  internalExternalId: "led_1",
  currency: "USD",
  processorAmountMinor: 100n,
  internalAmountMinor: 50n,
  amountAtRiskMinor: 50n,
  reason: "amounts differ",
});

describe("reportBundleInput", () => {
  it("dates the reports with the run's end time, so a retry renders the same bytes", () => {
    const input = reportBundleInput(run, [], [row("amount_mismatch")]);
    expect(input.generatedAt.toISOString()).toBe("2026-11-25T04:01:02.000Z");
    expect(input.runDate).toBe("2026-11-24");
    expect(input.figures.counts.amount_mismatch).toBe(1);
    expect(input.discrepancies).toHaveLength(1);
  });

  it("refuses a stored discrepancy of a kind it does not know, naming it", () => {
    expect(() => reportBundleInput(run, [], [row("lost_in_space")])).toThrow(
      'run 0b6f3c3e-1111-4222-8333-444455556666 has a discrepancy of unknown kind "lost_in_space"',
    );
  });
});
