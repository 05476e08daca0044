import type { DiscrepancyKind } from "@recon/domain";
import type { LegacyReportInput } from "./legacy-report-input";

/** One discrepancy of any kind, as the full reports list it (amounts in minor units of `currency`). */
export interface DiscrepancyLine {
  kind: DiscrepancyKind;
  processorExternalId: string | null;
  internalExternalId: string | null;
  currency: string;
  processorAmountMinor: bigint | null;
  internalAmountMinor: bigint | null;
  amountAtRiskMinor: bigint;
  reason: string;
}

/** Everything the full report set (legacy CSV/JSON, discrepancies CSV, summary, HTML) is rendered from. */
export interface ReportBundleInput extends LegacyReportInput {
  discrepancies: DiscrepancyLine[];
}
