import { runFiguresOf, type DiscrepancyRow, type MissingTransactionRow, type RunRow } from "@recon/db";
import { DISCREPANCY_KINDS, type DiscrepancyKind } from "@recon/domain";
import type { DiscrepancyLine, LegacyReportInput, ReportBundleInput } from "@recon/reports";

/** The legacy report's input, from the stored run and its missing transactions. */
function legacyReportInput(run: RunRow, missing: MissingTransactionRow[]): LegacyReportInput {
  return {
    processor: run.processorName,
    runDate: run.runDate.toISOString().slice(0, 10),
    // The run's completion time, not "now": a retried job renders byte-identical reports.
    generatedAt: run.endTime ?? new Date(),
    figures: runFiguresOf(run),
    missing,
    sandbox: run.sandbox,
  };
}

function isKind(kind: string): kind is DiscrepancyKind {
  return (DISCREPANCY_KINDS as readonly string[]).includes(kind);
}

/** The full report set's input: the legacy input plus every discrepancy of every kind. */
export function reportBundleInput(
  run: RunRow,
  missing: MissingTransactionRow[],
  discrepancies: DiscrepancyRow[],
): ReportBundleInput {
  const lines: DiscrepancyLine[] = discrepancies.map((row) => {
    if (!isKind(row.kind)) throw new Error(`run ${run.id} has a discrepancy of unknown kind "${row.kind}"`);
    return { ...row, kind: row.kind };
  });
  return { ...legacyReportInput(run, missing), discrepancies: lines };
}
