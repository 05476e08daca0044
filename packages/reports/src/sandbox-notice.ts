import type { LegacyReportInput } from "./legacy-report-input";

/**
 * Which sources of a run were the built-in sandbox emulators: its processor and the ledger
 * ("internal") for a sandbox run, none for a real one (a run is all one or the other).
 */
export function sandboxedSources(input: Pick<LegacyReportInput, "processor" | "sandbox">): string[] {
  return input.sandbox ? [input.processor, "internal"] : [];
}

/** The banner every report of a sandbox run carries, so generated figures are never taken for real money. */
export function sandboxNotice(input: Pick<LegacyReportInput, "processor" | "sandbox">): string | undefined {
  if (!input.sandbox) return undefined;
  return `SANDBOX: generated data from the built-in emulators (${input.processor} and the ledger), not real money.`;
}
