import Table from "cli-table3";
import Decimal from "decimal.js";
import { printable } from "@recon/runtime";
import type { RunResultJson } from "./run-result";

/** The per-processor table, in the legacy column names users know from their daily query. */
export function renderResultTable(runs: RunResultJson[]): string {
  const table = new Table({
    head: [
      "processor_name",
      "status",
      "processor_transaction_count",
      "internal_transaction_count",
      "missing_transaction_count",
      "total_discrepancy_amount",
      "other_breaks",
    ],
    style: { head: [], border: [] },
  });
  for (const run of runs) {
    const otherBreaks = Object.entries(run.counts)
      .filter(([kind, count]) => kind !== "missing_in_internal" && count > 0)
      .map(([kind, count]) => `${kind}: ${count}`)
      .join(", ");
    table.push([
      run.processor,
      run.status,
      run.processor_transaction_count,
      run.internal_transaction_count,
      run.missing_transaction_count,
      `${run.total_discrepancy_amount} ${run.currency}`,
      otherBreaks || (run.error ? `error: ${printable(run.error)}` : "none"),
    ]);
  }
  return table.toString();
}

/** One line of money: what is missing per currency, across every run, never mixing currencies. */
export function renderSummaryLine(runs: RunResultJson[]): string {
  const completed = runs.filter((run) => run.status === "completed").length;
  const missing = runs.reduce((sum, run) => sum + run.missing_transaction_count, 0);
  const breaks = runs.reduce((sum, run) => sum + Object.values(run.counts).reduce((a, b) => a + b, 0), 0);
  const byCurrency = new Map<string, string[]>();
  for (const run of runs) {
    for (const [currency, totals] of Object.entries(run.totals)) {
      byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), totals.missing_amount]);
    }
  }
  const money = [...byCurrency.entries()]
    .map(([currency, amounts]) => ({ currency, total: sumDecimals(amounts) }))
    .filter(({ total }) => !new Decimal(total).isZero())
    .map(({ currency, total }) => `${total} ${currency}`)
    .join(", ");
  return `Summary: ${completed}/${runs.length} runs completed, ${missing} transactions missing from the ledger (${money || "0.00"}), ${breaks} breaks in all.`;
}

/** Adds decimal strings of one currency exactly, keeping their scale (never floats). */
function sumDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((value) => (value.split(".")[1] ?? "").length));
  return values.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed(scale);
}
