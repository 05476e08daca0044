import type { RunResultJson } from "./run-result";

/**
 * With --no-fetch a run reconciles only what is already in the database; a side with nothing
 * stored for the day (no import, a wrong --date or processor) makes a run that "completes" and
 * writes reports while reconciling nothing. One warning per such run, naming the processor, the
 * day and the empty side(s), so it is never read as a clean day.
 */
export function nothingStoredWarnings(runs: readonly RunResultJson[]): string[] {
  return runs.flatMap((run) => {
    const empty = [run.processor_transaction_count === 0 ? `no ${run.processor} records` : "", run.internal_transaction_count === 0 ? "no ledger records" : ""].filter(Boolean);
    if (run.status !== "completed" || empty.length === 0) return [];
    return [
      `recon: warning: ${run.processor} ${run.date}: ${empty.join(" and ")} stored for that day, so --no-fetch reconciled ` +
        `${run.processor_transaction_count} processor / ${run.internal_transaction_count} ledger records and its figures and reports say nothing about the day; ` +
        `import it first (recon import) or run without --no-fetch`,
    ];
  });
}
