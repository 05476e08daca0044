// End to end on the sandbox: the real `recon` CLI process with S3 (s3rver), SMTP (smtp-server)
// and Slack (local Web API recorder) configured, against real Postgres and Redis.
import { blankSourceSettings } from "@recon/sources";
import { alertSeverity, reportSubject, toMajorDecimal, DISCREPANCY_KINDS } from "@recon/domain";
import { runFiguresOf, type RunRow } from "@recon/db";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settle, startTestFleet, waitForProcessed, type TestFleet } from "./test-fleet";
import { KILL_AFTER_OUTBOX_COMMIT, runCli, startCliWorkers, stopProcess } from "./testing/cli-process";

let fleet: TestFleet;
let env: NodeJS.ProcessEnv;
let workers: ChildProcess | undefined;

beforeAll(async () => {
  // A sandbox (RECON_SANDBOX), no processor or ledger credentials: the built-in emulators serve the data.
  fleet = await startTestFleet("alert-e2e", { sandbox: true });
  env = { ...process.env, ...fleet.env, ...blankSourceSettings(), HEALTH_PORT: "0" };
});

afterAll(async () => {
  if (workers) await stopProcess(workers);
  await fleet?.close();
});

async function runRow(
  processor: string,
  date: string,
): Promise<RunRow & { reports: Record<string, string> }> {
  const { rows } = await fleet.ctx.db.pool.query<{ id: string }>(
    "SELECT id FROM reconciliation_runs WHERE processor_name = $1 AND run_date = $2::date",
    [processor, date],
  );
  const run = await fleet.ctx.db.prisma.reconciliationRun.findUniqueOrThrow({ where: { id: rows[0]!.id } });
  return run as RunRow & { reports: Record<string, string> };
}

async function completedEvent(runId: string): Promise<{ id: string; published: boolean }> {
  const { rows } = await fleet.ctx.db.pool.query<{ id: string; published_at: Date | null }>(
    "SELECT id, published_at FROM outbox_events WHERE type = 'run.completed' AND payload->>'runId' = $1",
    [runId],
  );
  expect(rows).toHaveLength(1);
  return { id: rows[0]!.id, published: rows[0]!.published_at !== null };
}

/** The subject the legacy severity table gives this run, computed from its stored figures, marked as a sandbox's. */
function expectedSubject(run: RunRow, date: string): string {
  const figures = runFiguresOf(run);
  const primary = figures.totalsByCurrency[figures.primaryCurrency]!;
  const severity = alertSeverity({
    transactionCount: figures.processorTransactionCount,
    missingCount: figures.counts.missing_in_internal,
    discrepancyAmount: toMajorDecimal(primary.missingMinor, figures.primaryCurrency),
    volume: toMajorDecimal(primary.volumeMinor, figures.primaryCurrency),
  });
  return `[SANDBOX] ${reportSubject(severity, run.processorName, date)}`;
}

function reportKeys(processor: string, date: string): string[] {
  // A sandbox run's reports are kept apart from real ones.
  const prefix = `sandbox/reports/${date}/${processor}/`;
  return [
    `${prefix}discrepancies_${processor}_${date}.csv`,
    `${prefix}executive_summary_${processor}_${date}.md`,
    `${prefix}reconciliation_report_${processor}_${date}.csv`,
    `${prefix}reconciliation_report_${processor}_${date}.html`,
    `${prefix}reconciliation_report_${processor}_${date}.json`,
  ];
}

describe("a sandbox run with S3, SMTP and Slack configured", () => {
  it("puts the reports in the bucket, one email with the subject of its severity, one Slack message with the counts", async () => {
    const date = "2025-10-09";
    const result = await runCli(["run", "--processors", "stripe", "--date", date, "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as {
      runs: Array<{ id: string; reports: Record<string, string> }>;
    };
    expect(output.runs[0]!.reports.csv).toBe(
      `s3://${fleet.s3.bucket}/sandbox/reports/${date}/stripe/reconciliation_report_stripe_${date}.csv`,
    );
    expect(await fleet.s3.listKeys("sandbox/reports/")).toEqual(reportKeys("stripe", date));
    // The sandbox database's audit chain is anchored apart from any real chain's.
    expect(await fleet.s3.listKeys("audit-anchors/")).toEqual([]);
    expect((await fleet.s3.listKeys("sandbox/audit-anchors/")).length).toBeGreaterThan(0);

    const run = await runRow("stripe", date);
    expect(run.status).toBe("completed");
    expect(run.reportS3Key).toBe(`sandbox/reports/${date}/stripe/reconciliation_report_stripe_${date}.json`);
    expect(run.sandbox).toBe(true);
    // The CLI returns once the alert is delivered: nothing is left to wait for.
    expect((await completedEvent(run.id)).published).toBe(true);
    expect(fleet.smtp.messages).toHaveLength(1);
    expect(fleet.smtp.messages[0]!.subject).toBe(expectedSubject(run, date));
    expect(fleet.smtp.messages[0]!.text).toContain("Report (link valid 24 hours): http://127.0.0.1:");
    expect(fleet.smtp.messages[0]!.text).toContain("SANDBOX: generated data from the built-in emulators (stripe and the ledger), not real money.");

    expect(fleet.slack.calls).toHaveLength(1);
    const blocks = JSON.stringify(fleet.slack.calls[0]!.body.blocks);
    const counts = runFiguresOf(run).counts;
    expect(counts.missing_in_internal).toBeGreaterThan(0);
    for (const kind of DISCREPANCY_KINDS) expect(blocks).toContain(`${kind}: *${counts[kind]}*`);
  });

  it("still reports and alerts exactly once when the reconcile process is killed right after its commit", async () => {
    const date = "2025-10-10";
    const before = { mail: fleet.smtp.messages.length, slack: fleet.slack.calls.length };
    const killed = await runCli(
      ["run", "--processors", "stripe", "--date", date, "--json"],
      env,
      KILL_AFTER_OUTBOX_COMMIT,
    );
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    expect(killed.stderr).toContain("kill-after-outbox-commit");

    // Committed, but nothing published and nothing sent.
    const run = await runRow("stripe", date);
    expect(run.status).toBe("completed");
    const event = await completedEvent(run.id);
    expect(event.published).toBe(false);
    expect(await fleet.s3.listKeys(`sandbox/reports/${date}/`)).toEqual([]);
    expect(fleet.smtp.messages).toHaveLength(before.mail);

    // The fleet comes back: the reconcile worker's periodic outbox relay publishes the event.
    workers = startCliWorkers(["--only", "reconcile,report,notify"], env);
    await waitForProcessed(fleet.ctx, "report", event.id);
    await waitForProcessed(fleet.ctx, "notify", event.id);
    await settle(2_500);

    expect((await completedEvent(run.id)).published).toBe(true);
    expect(await fleet.s3.listKeys(`sandbox/reports/${date}/`)).toEqual(reportKeys("stripe", date));
    expect(fleet.smtp.messages).toHaveLength(before.mail + 1);
    expect(fleet.smtp.messages.at(-1)!.subject).toBe(expectedSubject(run, date));
    expect(fleet.slack.calls).toHaveLength(before.slack + 1);
    expect(JSON.stringify(fleet.slack.calls.at(-1)!.body.blocks)).toContain(date);
  });
});
