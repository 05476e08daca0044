import Table from "cli-table3";
import Decimal from "decimal.js";
import { printable } from "@recon/runtime";
import type { RunResultJson } from "./run-result";

/** The legacy column names users know from their daily query, in their order. */
const COLUMNS = [
  "processor_name",
  "status",
  "processor_transaction_count",
  "internal_transaction_count",
  "missing_transaction_count",
  "total_discrepancy_amount",
  "other_breaks",
] as const;

/** Narrowest stacked table worth drawing: below this it wraps anyway, so it is drawn at this width. */
const MIN_STACKED_WIDTH = 60;

/**
 * The per-processor result. One row per run under the legacy column names when that fits the
 * terminal (`columns`), or when the width is unknown (not a terminal: scripts and the README get
 * the same table); on a narrower terminal one small two-column table per run instead, its long
 * values wrapped, so nothing wraps into noise.
 */
export function renderResultTable(runs: RunResultJson[], columns?: number): string {
  const rows = runs.map(rowOf);
  const wide = new Table({ head: [...COLUMNS], style: { head: [], border: [] } });
  wide.push(...rows);
  const text = wide.toString();
  if (columns === undefined || widthOf(text) <= columns) return text;
  return rows.map((row) => stacked(row, Math.max(columns, MIN_STACKED_WIDTH))).join("\n");
}

function rowOf(run: RunResultJson): string[] {
  const otherBreaks = Object.entries(run.counts)
    .filter(([kind, count]) => kind !== "missing_in_internal" && count > 0)
    .map(([kind, count]) => `${kind}: ${count}`)
    .join(", ");
  return [
    run.processor,
    run.status,
    String(run.processor_transaction_count),
    String(run.internal_transaction_count),
    String(run.missing_transaction_count),
    missingMoney(run),
    otherBreaks || (run.error ? `error: ${printable(run.error)}` : "none"),
  ];
}

/**
 * What is missing from the ledger, in every currency that has some, by code ("1500 JPY, 100.00
 * USD"); the run's primary currency at zero when nothing is.
 */
function missingMoney(run: RunResultJson): string {
  const missing = Object.entries(run.totals)
    .filter(([, totals]) => !new Decimal(totals.missing_amount).isZero())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, totals]) => `${totals.missing_amount} ${currency}`);
  if (missing.length > 0) return missing.join(", ");
  const primary = run.totals[run.currency];
  return primary ? `${primary.missing_amount} ${run.currency}` : "none";
}

/** One run as a two-column table (column name, value) no wider than `width`. */
function stacked(row: string[], width: number): string {
  const nameWidth = Math.max(...COLUMNS.map((name) => name.length)) + 2;
  // Borders and padding of a two-column table take 7 characters.
  const valueWidth = Math.max(10, width - nameWidth - 3);
  // No rule between a run's own rows: the box around them is enough to tell runs apart.
  const chars = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };
  const table = new Table({ colWidths: [nameWidth, valueWidth], chars, style: { head: [], border: [] } });
  table.push(...COLUMNS.map((name, index) => [name, wrap(row[index] ?? "", valueWidth - 2)]));
  return table.toString();
}

/** Breaks text into lines of at most `width` characters, at spaces where it can, inside a longer word where it must. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if ([...candidate].length <= width) {
      line = candidate;
      continue;
    }
    if (line !== "") lines.push(line);
    let rest = [...word];
    while (rest.length > width) {
      lines.push(rest.slice(0, width).join(""));
      rest = rest.slice(width);
    }
    line = rest.join("");
  }
  lines.push(line);
  return lines.join("\n");
}

function widthOf(text: string): number {
  return Math.max(...text.split("\n").map((line) => [...line].length));
}

/**
 * One line of money: what is missing per currency, across every run, never mixing currencies;
 * runs completed out of those `requested` (a run that never started has no row to show).
 */
export function renderSummaryLine(runs: RunResultJson[], requested = runs.length): string {
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
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amounts]) => ({ currency, total: sumDecimals(amounts) }))
    .filter(({ total }) => !new Decimal(total).isZero())
    .map(({ currency, total }) => `${total} ${currency}`)
    .join(", ");
  return `Summary: ${completed}/${requested} runs completed, ${missing} transactions missing from the ledger${money ? ` (${money})` : ""}, ${breaks} breaks in all.`;
}

/** Adds decimal strings of one currency exactly, keeping their scale (never floats). */
function sumDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((value) => (value.split(".")[1] ?? "").length));
  return values.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed(scale);
}
