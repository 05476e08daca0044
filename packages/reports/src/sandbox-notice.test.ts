import { describe, expect, it } from "vitest";
import { renderReportFiles } from "./render-report-files";
import { bundleInput } from "./test-fixtures";

const SANDBOX_BANNER = "SANDBOX: generated data from the built-in emulators (stripe and the ledger), not real money.";

function filesOf(sandbox: boolean): Record<string, string> {
  return Object.fromEntries(renderReportFiles(bundleInput({ sandbox })).map((file) => [file.kind, file.body]));
}

describe("a sandbox run's reports", () => {
  const sandbox = filesOf(true);
  const real = filesOf(false);

  it("say so in the HTML report (a visible banner), the executive summary and the JSON report", () => {
    expect(sandbox.html).toContain(`<p id="sandbox" role="alert">${SANDBOX_BANNER}</p>`);
    expect(sandbox.html).toContain("<title>[SANDBOX] Reconciliation stripe 2026-11-24: executive summary</title>");
    expect(sandbox.summary!.split("\n").slice(0, 3)).toEqual(["# [SANDBOX] Reconciliation stripe 2026-11-24: executive summary", "", `> **${SANDBOX_BANNER}**`]);
    const metadata = (JSON.parse(sandbox.json!) as { report_metadata: Record<string, unknown> }).report_metadata;
    expect(metadata).toMatchObject({ report_version: "2.1", sandbox: true, sandboxed_sources: ["stripe", "internal"] });
  });

  it("keep the CSV files' columns, which scripts address by position", () => {
    expect(sandbox.csv).toBe(real.csv);
    expect(sandbox.discrepancies_csv).toBe(real.discrepancies_csv);
  });

  it("differ from a real run's only by the notice: a real run's carry none", () => {
    expect(real.html).not.toContain("SANDBOX");
    expect(real.summary).not.toContain("SANDBOX");
    const metadata = (JSON.parse(real.json!) as { report_metadata: Record<string, unknown> }).report_metadata;
    expect(metadata).toMatchObject({ sandbox: false, sandboxed_sources: [] });
  });
});
