import type { MissingTransactionRow, RunFigures } from "@recon/domain";

/** One processor transaction absent from the ledger, as the legacy reports list it. */
export type MissingRow = MissingTransactionRow;

/** Everything the legacy CSV and JSON reports of one (processor, run date) are rendered from. */
export interface LegacyReportInput {
  processor: string;
  /** YYYY-MM-DD (UTC). */
  runDate: string;
  generatedAt: Date;
  figures: RunFigures;
  missing: MissingRow[];
  /** The run's sources were the built-in sandbox emulators: every report says so. */
  sandbox: boolean;
}
