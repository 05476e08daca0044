import type { RunFigures } from "@recon/domain";

/** One processor transaction absent from the ledger, as the legacy reports list it. */
export interface MissingRow {
  transactionId: string;
  processorName: string;
  /** Signed integer minor units of `currency` (refunds are negative). */
  amountMinor: bigint;
  currency: string;
  status: string;
  merchantId: string | null;
  transactionDate: Date;
  referenceNumber: string | null;
  feeMinor: bigint;
}

/** Everything the legacy CSV and JSON reports of one (processor, run date) are rendered from. */
export interface LegacyReportInput {
  processor: string;
  /** YYYY-MM-DD (UTC). */
  runDate: string;
  generatedAt: Date;
  figures: RunFigures;
  missing: MissingRow[];
}
