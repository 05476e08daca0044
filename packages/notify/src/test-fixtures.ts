import { emptyKindCounts } from "@recon/domain";
import type { AlertRunInput } from "./run-alert";

/** A completed run: 3 of 100 missing (d = 0.03 < 0.05) → low severity unless overridden. */
export function completedRun(
  overrides: Partial<Extract<AlertRunInput, { status: "completed" }>> = {},
): AlertRunInput {
  return {
    status: "completed",
    runId: "0b6f3c3e-1111-4222-8333-444455556666",
    processor: "stripe",
    runDate: "2026-11-24",
    processorTransactionCount: 100,
    counts: { ...emptyKindCounts(), missing_in_internal: 3, amount_mismatch: 2, timing: 1 },
    primaryCurrency: "USD",
    totalsByCurrency: {
      USD: { atRiskMinor: 45_000n, missingMinor: 30_000n, volumeMinor: 10_000_000n },
      EUR: { atRiskMinor: 1_250n, missingMinor: 0n, volumeMinor: 500_000n },
    },
    reportUrl: "https://bucket.example/reports/x.html?X-Amz-Signature=abc&X-Amz-Expires=86400",
    sandbox: false,
    ...overrides,
  };
}
