// End to end: the real CLI process, real Postgres, real Redis, BullMQ flows, the sandbox emulators
// (asked for with --sandbox) driven through the official Stripe SDK, and reports on disk.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { generateScenario } from "@recon/sandbox";
import type { TestDatabase } from "@recon/testing";
import type pg from "pg";
import { queryDatabase, runRecon } from "./testing/cli-process";
import { openCliRunEnv, type CliRunEnv } from "./testing/cli-run-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DATE = "2025-10-09";

let run: CliRunEnv;
let database: TestDatabase;
let reportsDir: string;
let env: NodeJS.ProcessEnv;

const recon = (args: string[]) => runRecon(args, env, 120_000);

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  queryDatabase<T>(database.url, sql, params);

beforeAll(async () => {
  run = await openCliRunEnv("cli", process.env);
  ({ database, reportsDir, env } = run);
});

afterAll(async () => {
  await run?.close();
});

describe("recon run --sandbox", () => {
  it("prints only the JSON object, with counts equal to the sandbox's injected truth", async () => {
    const result = await recon(["run", "--sandbox", "--processors", "stripe", "--date", DATE, "--json"]);
    expect(result.stderr).toContain("SANDBOX (RECON_SANDBOX): generated data from the built-in emulators");
    // Only the emulators this run fetched from: the processor asked for and the ledger.
    const sandboxLog = result.stderr.split("\n").find((line) => line.includes("SANDBOX (RECON_SANDBOX)"));
    expect((JSON.parse(sandboxLog!) as { emulators: string[] }).emulators).toEqual(["stripe", "internal"]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { runs: Array<Record<string, unknown>> };
    expect(Object.keys(output)).toEqual(["runs"]);
    expect(output.runs).toHaveLength(1);
    const [runJson] = output.runs as [
      {
        id: string;
        processor: string;
        date: string;
        status: string;
        counts: Record<string, number>;
        totals: object;
        reports: Record<string, string>;
        report: object;
        alert: object;
      },
    ];
    const truth = generateScenario({ processor: "stripe", runDate: DATE }).truth;
    expect(runJson).toMatchObject({
      processor: "stripe",
      date: DATE,
      status: "completed",
      sandbox: true,
      sandboxed_sources: ["stripe", "internal"],
    });
    expect(runJson.counts).toEqual(truth.counts);
    expect(truth.counts.missing_in_internal).toBeGreaterThan(0);
    expect(runJson.totals).toHaveProperty("USD");

    // The users' daily query, verbatim.
    const rows = await query<{
      processor_name: string;
      missing_transaction_count: number;
      total_discrepancy_amount: string;
    }>(
      "SELECT processor_name, missing_transaction_count, total_discrepancy_amount FROM reconciliation_runs;",
    );
    expect(rows).toEqual([
      {
        processor_name: "stripe",
        missing_transaction_count: truth.counts.missing_in_internal,
        total_discrepancy_amount: expect.stringMatching(/^\d+\.\d{2}$/) as string,
      },
    ]);

    // The legacy reports, with the legacy names and keys, kept apart from real reports.
    const folder = join(reportsDir, "sandbox", "stripe", DATE);
    // The legacy pair plus the full set (issue 5): discrepancies CSV, executive summary, HTML.
    expect((await readdir(folder)).sort()).toEqual([
      `discrepancies_stripe_${DATE}.csv`,
      `executive_summary_stripe_${DATE}.md`,
      `reconciliation_report_stripe_${DATE}.csv`,
      `reconciliation_report_stripe_${DATE}.html`,
      `reconciliation_report_stripe_${DATE}.json`,
    ]);
    const csv = await readFile(join(folder, `reconciliation_report_stripe_${DATE}.csv`), "utf8");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "transaction_id,processor_name,amount,currency,status,merchant_id,transaction_date,reference_number,fee",
    );
    expect(lines).toHaveLength(truth.counts.missing_in_internal + 1);
    const report = JSON.parse(
      await readFile(join(folder, `reconciliation_report_stripe_${DATE}.json`), "utf8"),
    ) as Record<string, Record<string, unknown>>;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        "report_metadata",
        "reconciliation_summary",
        "missing_transactions",
        "financial_impact",
      ]),
    );
    expect(report.reconciliation_summary).toMatchObject({
      processor: "stripe",
      date: DATE,
      missing_transaction_count: truth.counts.missing_in_internal,
    });
    expect(report.report_metadata).toMatchObject({
      sandbox: true,
      sandboxed_sources: ["stripe", "internal"],
    });
    expect(runJson.reports.csv).toBe(join(folder, `reconciliation_report_stripe_${DATE}.csv`));
    // The whole job: the report stored and the alert handled (no channel configured: only logged).
    expect(runJson).toMatchObject({
      report: { status: "stored", location: `${folder}/` },
      alert: { event: "run.completed", status: "delivered", channels: {} },
    });
  });

  it("re-running the same day keeps one run row and no duplicated transactions", async () => {
    const before = await query<{ n: string }>("SELECT count(*)::text AS n FROM processor_transactions");
    const result = await recon(["run", "--sandbox", "--processors", "stripe", "--date", DATE]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(
      "SANDBOX: generated data from the built-in emulators (stripe and the ledger), not real money.",
    );
    expect(result.stdout).toContain("processor_name");
    expect(result.stdout).toMatch(/Summary: 1\/1 runs completed/);
    expect(result.stdout).toContain(
      `stripe: reports in ${join(reportsDir, "sandbox", "stripe", DATE)}/; alert (run.completed): logged only, no alert channel configured`,
    );
    const runs = await query<{ n: string }>(
      "SELECT count(*)::text AS n FROM reconciliation_runs WHERE processor_name = 'stripe' AND run_date = $1",
      [DATE],
    );
    expect(runs[0]?.n).toBe("1");
    const after = await query<{ n: string }>("SELECT count(*)::text AS n FROM processor_transactions");
    expect(after[0]?.n).toBe(before[0]?.n);
    const duplicates = await query(
      "SELECT processor, external_id FROM processor_transactions GROUP BY 1, 2 HAVING count(*) > 1",
    );
    expect(duplicates).toEqual([]);
    const truth = generateScenario({ processor: "stripe", runDate: DATE }).truth;
    const discrepancies = await query<{ n: string }>("SELECT count(*)::text AS n FROM discrepancies");
    const expected = Object.values(truth.counts).reduce((sum, count) => sum + count, 0);
    expect(Number(discrepancies[0]?.n)).toBe(expected);
  });

  it("refuses a bad date and an unknown processor with a message naming the problem", async () => {
    const badDate = await recon(["run", "--sandbox", "--processors", "stripe", "--date", "2025-13-45"]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('invalid date "2025-13-45"');
    const unknown = await recon(["run", "--sandbox", "--processors", "venmo", "--date", DATE]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown processor "venmo"');
    expect(unknown.stdout).toBe("");
  });
});
