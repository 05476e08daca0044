import { describe, expect, it } from "vitest";
import { renderResultTable, renderSummaryLine } from "./result-table";
import type { RunResultJson } from "./run-result";

const ZERO = { volume: "0", amount_at_risk: "0", fees_at_risk: "0" };

function run(processor: string, fields: Partial<RunResultJson>): RunResultJson {
  return {
    processor,
    status: "completed",
    counts: { missing_in_internal: 0, missing_in_processor: 0, amount_mismatch: 0 },
    totals: {},
    processor_transaction_count: 200,
    internal_transaction_count: 199,
    missing_transaction_count: 0,
    currency: "USD",
    error: null,
    ...fields,
  } as RunResultJson;
}

// A day missing 1,500 JPY and 100.00 USD (the example), and a quiet one.
const RUNS = [
  run("stripe", {
    missing_transaction_count: 3,
    counts: { missing_in_internal: 3, missing_in_processor: 4, amount_mismatch: 4 } as RunResultJson["counts"],
    totals: { USD: { ...ZERO, missing_amount: "100.00" }, JPY: { ...ZERO, missing_amount: "1500" }, KWD: { ...ZERO, missing_amount: "0.000" } },
  }),
  run("paypal", { totals: { USD: { ...ZERO, missing_amount: "0.00" } } }),
];

function widest(text: string): number {
  return Math.max(...text.split("\n").map((line) => [...line].length));
}

describe("the result table", () => {
  it("shows what is missing in every currency, not only the primary one", () => {
    const table = renderResultTable(RUNS);
    expect(table).toContain("1500 JPY, 100.00 USD");
    expect(table).not.toContain("KWD");
    expect(table).toContain("0.00 USD");
  });

  it("keeps the legacy one-row-per-run layout when the width is unknown (not a terminal) or wide enough", () => {
    const unknown = renderResultTable(RUNS);
    expect(unknown.split("\n")[1]).toMatch(/│ processor_name │ status +│ processor_transaction_count │/);
    expect(unknown.split("\n")).toHaveLength(7);
    expect(renderResultTable(RUNS, widest(unknown))).toBe(unknown);
  });

  it("stacks each run as name/value rows within a narrow terminal's width, wrapping long values", () => {
    const wide = renderResultTable(RUNS);
    const narrow = renderResultTable(RUNS, 100);
    expect(widest(wide)).toBeGreaterThan(100);
    expect(widest(narrow)).toBeLessThanOrEqual(100);
    expect(narrow).toMatch(/│ processor_name +│ stripe +│/);
    expect(narrow).toMatch(/│ total_discrepancy_amount +│ 1500 JPY, 100.00 USD +│/);
    expect(narrow).toMatch(/│ processor_name +│ paypal +│/);
    const tiny = renderResultTable([run("stripe", { status: "failed", error: "x".repeat(200) })], 70);
    expect(widest(tiny)).toBeLessThanOrEqual(70);
    expect(tiny.replace(/[│\s]/g, "")).toContain(`error:${"x".repeat(200)}`);
  });
});

describe("the summary line", () => {
  it("sums each currency across runs, by code, leaving out currencies with nothing missing", () => {
    const summary = renderSummaryLine([...RUNS, run("square", { totals: { JPY: { ...ZERO, missing_amount: "25" } } })]);
    expect(summary).toBe("Summary: 3/3 runs completed, 3 transactions missing from the ledger (1525 JPY, 100.00 USD), 11 breaks in all.");
    expect(renderSummaryLine([RUNS[1]!])).toBe("Summary: 1/1 runs completed, 0 transactions missing from the ledger, 0 breaks in all.");
    // Out of the runs asked for: one that never started (no row) is not left out of the count.
    expect(renderSummaryLine([RUNS[1]!], 2)).toMatch(/^Summary: 1\/2 runs completed,/);
  });
});
