import type { RunRow } from "@recon/db";
import type { RunEnd } from "./await-run-end";

function breaksOf(run: RunRow): string {
  const counts = Object.entries((run.counts ?? {}) as Record<string, unknown>)
    .filter(([, n]) => Number(n) > 0)
    .map(([kind, n]) => `${kind}: ${Number(n)}`);
  return counts.length > 0 ? counts.join(", ") : "none";
}

/** Said after a sandbox run's line, so generated figures are never read as real money. */
const SANDBOX_MARK = " _(SANDBOX: generated data from the built-in emulators)_";

/** One line per run: what `/reconcile status` and the result message show. */
function runLine(run: RunRow): string {
  const date = run.runDate.toISOString().slice(0, 10);
  const base = `*${run.processorName}* ${date}: ${run.status}`;
  const mark = run.sandbox ? SANDBOX_MARK : "";
  if (run.status !== "completed") return `${run.errorMessage ? `${base} (${run.errorMessage})` : base}${mark}`;
  return (
    `${base}: ${run.processorTransactionCount} processor / ${run.internalTransactionCount} ledger transactions, ` +
    `${run.missingTransactionCount} missing from the ledger (${run.totalDiscrepancyAmount.toString()} ${run.primaryCurrency ?? ""}), ` +
    `breaks: ${breaksOf(run)}${mark}`
  );
}

export function resultText(processor: string, runDate: string, end: RunEnd): string {
  if (end.status === "completed" && end.run) return `:white_check_mark: ${runLine(end.run)}`;
  if (end.status === "timeout") return `:hourglass: ${processor} ${runDate} is still running; see \`/reconcile status\` later.`;
  return `:x: *${processor}* ${runDate} failed: ${end.error ?? "unknown error"}`;
}

export function statusText(runs: readonly RunRow[], today: string): string {
  if (runs.length === 0) return `No runs started today (${today}).`;
  return [`Runs started today (${today}):`, ...runs.map((run) => `• ${runLine(run)}`)].join("\n");
}
