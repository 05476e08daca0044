import { runFiguresOf, type MissingTransactionRow, type RunRow } from "@recon/db";
import type { LegacyReportInput } from "@recon/reports";

/** The legacy report's input, from the stored run and its missing transactions. */
export function legacyReportInput(run: RunRow, missing: MissingTransactionRow[]): LegacyReportInput {
  return {
    processor: run.processorName,
    runDate: run.runDate.toISOString().slice(0, 10),
    generatedAt: new Date(),
    figures: runFiguresOf(run),
    missing,
  };
}
