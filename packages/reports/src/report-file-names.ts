import { parseRunDate } from "@recon/domain";

/** A processor name safe to use as a file-name part and a directory (no separators, no dots). */
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Rejects a processor name that could escape the reports directory or break a file name. */
export function assertSafeProcessorName(processor: string): string {
  if (!SAFE_SEGMENT.test(processor)) {
    throw new Error(`invalid processor name "${processor}": expected letters, digits, "_" or "-"`);
  }
  return processor;
}

/** The legacy report file names of one (processor, run date). */
export function reportFileNames(processor: string, runDate: string): { csv: string; json: string } {
  const base = `reconciliation_report_${assertSafeProcessorName(processor)}_${parseRunDate(runDate)}`;
  return { csv: `${base}.csv`, json: `${base}.json` };
}
