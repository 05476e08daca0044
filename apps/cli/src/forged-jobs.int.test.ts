// Job payloads are claims: a job added straight to Redis (a fetch slice with a window of
// 1970-2100 and no parent, one just outside its day's grace under a real run, a reconcile job
// outside any trigger, alerts and reports for events nobody recorded) is refused for good by the
// real workers before it writes or alerts anything: no run row, transaction, audit entry or
// outbox event changes and no email or Slack message goes out. A genuine run still completes,
// even with a forged child hung under it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { startFetchWorker } from "@recon/ingest";
import { createFleetContext, fleetEnv, type FetchingFleetContext } from "@recon/fleet";
import { startSlackRecorder, startSmtpSink, type SlackRecorder, type SmtpSink } from "@recon/notify/testing";
import { liveRunHead, sliceJobId, triggerRun, type JobPayload } from "@recon/queue";
import { sweepOnce } from "@recon/reconciliation";
import { parseEnv } from "@recon/runtime";
import { createTestDatabase, testRedisUrl, uniquePrefix, eventually, type TestDatabase, silentLogger } from "@recon/testing";
import type { Job, JobsOptions, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkers } from "./fleet/in-process-workers";

const DAY = "2025-10-09";
const OTHER_DAY = "2025-10-10";
const HOUR = 3_600_000;

let database: TestDatabase;
let smtp: SmtpSink;
let slack: SlackRecorder;
let reportsDir: string;
let ctx: FetchingFleetContext;
let fetchWorker: Worker;
let others: { stop(): Promise<void> };

beforeAll(async () => {
  [database, smtp, slack] = await Promise.all([createTestDatabase({ name: "forged_jobs" }), startSmtpSink(), startSlackRecorder()]);
  reportsDir = await mkdtemp(join(tmpdir(), "recon-forged-"));
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("forged"),
    // The built-in emulators serve the days: a sandbox run, asked for.
    RECON_SANDBOX: "true",
    REPORTS_DIR: reportsDir,
    SMTP_URL: smtp.url,
    ALERT_EMAIL_TO: "ops@example.com",
    SLACK_BOT_TOKEN: "xoxb-forged-test",
    SLACK_CHANNEL: "#recon-alerts",
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: "silent",
  };
  ctx = await createFleetContext(parseEnv(fleetEnv, env), silentLogger(), { sources: {} });
  fetchWorker = startFetchWorker(ctx);
  others = startWorkers(ctx, ["reconcile", "report", "notify"]);
});

afterAll(async () => {
  await fetchWorker?.close();
  await others?.stop();
  if (ctx) for (const queue of Object.values(ctx.queues.queues)) await queue.obliterate({ force: true });
  await ctx?.close();
  await Promise.all([smtp?.close(), slack?.close()]);
  await database?.drop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

/** Everything a job could have written: every run row in full, and how many rows the rest hold. */
async function snapshot() {
  const { rows: runs } = await ctx.db.pool.query<{ row: unknown }>("SELECT to_jsonb(r) AS row FROM reconciliation_runs r ORDER BY id");
  const counts: Record<string, number> = {};
  for (const table of [
    "processor_transactions",
    "internal_transactions",
    "rejected_records",
    "discrepancies",
    "missing_transactions",
    "breaks",
    "audit_logs",
    "outbox_events",
    "processed_events",
  ]) {
    const { rows } = await ctx.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0]!.n;
  }
  const alertJobs = await ctx.queues.queues.notify.getJobCountByTypes("waiting", "delayed", "active", "completed", "failed");
  const reportJobs = await ctx.queues.queues.report.getJobCountByTypes("waiting", "delayed", "active", "completed", "failed");
  return { runs: runs.map((r) => r.row), counts, alertJobs, reportJobs, emails: smtp.messages.length, slackMessages: slack.calls.length };
}

async function runStatus(runDate: string): Promise<string | undefined> {
  const { rows } = await ctx.db.pool.query<{ status: string }>(
    "SELECT status FROM reconciliation_runs WHERE processor_name = 'stripe' AND run_date = $1::date",
    [runDate],
  );
  return rows[0]?.status;
}

/** Waits for a job to fail and returns it as stored then (state read first: a job read earlier may predate its failure). */
async function failed(queue: "fetch" | "reconcile" | "report" | "notify", jobId: string): Promise<Job> {
  return eventually(`${queue} job ${jobId} to fail`, async () => {
    if ((await ctx.queues.queues[queue].getJobState(jobId)) !== "failed") return undefined;
    return ctx.queues.queues[queue].getJob(jobId);
  }, { timeoutMs: 30_000 });
}

function slice(overrides: Partial<JobPayload<"fetch.slice">>): JobPayload<"fetch.slice"> {
  return { processor: "stripe", runDate: DAY, side: "processor", sliceIndex: 0, sliceStart: `${DAY}T00:00:00.000Z`, sliceEnd: `${DAY}T06:00:00.000Z`, ...overrides };
}

// One attempt, as an attacker would ask: the failure path runs at once on the first failure.
const once: JobsOptions = { attempts: 1 };

describe("forged jobs", () => {
  let head: string;
  let runId: string;

  it("a genuine run of the day completes and sends its one alert on each channel", async () => {
    ({ jobId: head } = await triggerRun(ctx.queues, { processor: "stripe", runDate: DAY, createdBy: "test", slices: 2 }));
    await eventually("the run to complete", async () => ((await runStatus(DAY)) === "completed" ? true : undefined), { timeoutMs: 90_000 });
    await smtp.waitFor(1, 60_000);
    await slack.waitFor(1, 60_000);
    const { rows } = await ctx.db.pool.query<{ id: string }>("SELECT id FROM reconciliation_runs WHERE run_date = $1::date", [DAY]);
    runId = rows[0]!.id;
    expect(await liveRunHead(ctx.queues, "stripe", DAY)).toBe(head);
  });

  it("are refused for good, touching no run, writing nothing and sending no alert", async () => {
    // Every job of the flow has ended (the alert included): nothing genuine is still writing.
    await eventually("the run's jobs to settle", async () => {
      const counts = await ctx.queues.queues.notify.getJobCountByTypes("waiting", "delayed", "active");
      const reports = await ctx.queues.queues.report.getJobCountByTypes("waiting", "delayed", "active");
      return counts + reports === 0 && (await ctx.queues.queues.reconcile.getJobState(head)) === "completed" ? true : undefined;
    }, { timeoutMs: 60_000 });
    const before = await snapshot();
    const grace = ctx.config.RECONCILE_GRACE_MINUTES * 60_000;
    const dayStart = Date.parse(`${DAY}T00:00:00.000Z`);
    const parent = { id: head, queue: ctx.queues.queues.reconcile.qualifiedName };
    const fetch = ctx.queues.queues.fetch;

    // The reported attack: 1970..2100, no parent.
    await fetch.add("fetch.slice", slice({ sliceStart: "1970-01-01T00:00:00.000Z", sliceEnd: "2100-01-01T00:00:00.000Z" }), { ...once, jobId: "forged-epoch" });
    // A second before the day's grace, under the real run's head, with a slice id it could have made.
    const early = sliceJobId(head, "processor", 7);
    await fetch.add("fetch.slice", slice({ sliceIndex: 7, sliceStart: new Date(dayStart - grace - 1_000).toISOString() }), { ...once, jobId: early, parent });
    // Inside the day, under the real head, which has long stopped waiting for slices.
    const late = sliceJobId(head, "internal", 8);
    await fetch.add("fetch.slice", slice({ side: "internal", sliceIndex: 8 }), { ...once, jobId: late, parent });
    // A reconcile job no trigger made: it would re-run the day and announce it.
    await ctx.queues.queues.reconcile.add("reconcile.run", { processor: "stripe", runDate: DAY, createdBy: "mallory" }, { ...once, jobId: "forged-run" });
    // Alerts and reports of events nobody recorded, about the real run.
    const fakeEvent = randomUUID();
    await ctx.queues.queues.notify.add("notify.send", { eventId: fakeEvent, eventType: "run.failed", runId }, { ...once, jobId: "forged-alert" });
    await ctx.queues.queues.report.add("report.render", { eventId: fakeEvent, eventType: "run.completed", runId }, { ...once, jobId: "forged-report" });

    expect((await failed("fetch", "forged-epoch")).failedReason).toMatch(
      /^fetch slice window 1970-01-01T00:00:00.000Z\.\.2100-01-01T00:00:00.000Z lies outside stripe's day 2025-10-09 widened by the 60 min grace/,
    );
    expect((await failed("fetch", early)).failedReason).toMatch(/lies outside stripe's day 2025-10-09 widened by the 60 min grace \(2025-10-08T23:00:00.000Z\.\.2025-10-10T01:00:00.000Z\)$/);
    expect((await failed("fetch", late)).failedReason).toBe(`the run ${head} of fetch slice ${late} is completed, no longer waiting for its slices`);
    expect((await failed("reconcile", "forged-run")).failedReason).toBe(`reconcile job forged-run is not the live run of stripe on ${DAY} (${head} is)`);
    expect((await failed("notify", "forged-alert")).failedReason).toBe(`event ${fakeEvent} is not in the outbox: no run recorded it`);
    expect((await failed("report", "forged-report")).failedReason).toBe(`event ${fakeEvent} is not in the outbox: no run recorded it`);
    for (const [queue, id] of [["fetch", "forged-epoch"], ["fetch", early], ["reconcile", "forged-run"], ["notify", "forged-alert"]] as const) {
      expect((await ctx.queues.queues[queue].getJob(id))!.attemptsMade, id).toBe(1);
    }

    // Nor does the watchdog find anything to fail in what they left behind.
    await sweepOnce(ctx, { intervalMs: 1_000, stuckAfterMs: HOUR, orphanedAfterMs: HOUR, republishAfterMs: HOUR });
    const after = await snapshot();
    // The forged alert and report jobs are the only new jobs in their queues, and they failed.
    expect(after.alertJobs).toBe(before.alertJobs + 1);
    expect(after.reportJobs).toBe(before.reportJobs + 1);
    expect({ ...after, alertJobs: before.alertJobs, reportJobs: before.reportJobs }).toEqual(before);
    expect(await runStatus(DAY)).toBe("completed");
  });

  it("a forged child hung under a run in flight is refused and detached: the genuine run still completes, with one alert", async () => {
    await fetchWorker.pause(true);
    const before = { emails: smtp.messages.length, slack: slack.calls.length };
    const { jobId: otherHead } = await triggerRun(ctx.queues, { processor: "stripe", runDate: OTHER_DAY, createdBy: "test", slices: 1 });
    expect(await ctx.queues.queues.reconcile.getJobState(otherHead)).toBe("waiting-children");
    // Under the live, waiting head, with an id its trigger could have made: only the window is wrong.
    const forged = sliceJobId(otherHead, "internal", 5);
    const dayEnd = Date.parse(`${OTHER_DAY}T00:00:00.000Z`) + 86_400_000;
    await ctx.queues.queues.fetch.add(
      "fetch.slice",
      slice({ runDate: OTHER_DAY, side: "internal", sliceIndex: 5, sliceStart: `${OTHER_DAY}T12:00:00.000Z`, sliceEnd: new Date(dayEnd + HOUR + 1_000).toISOString() }),
      { ...once, jobId: forged, parent: { id: otherHead, queue: ctx.queues.queues.reconcile.qualifiedName } },
    );
    await fetchWorker.resume();

    const refused = await failed("fetch", forged);
    expect(refused.failedReason).toMatch(/lies outside stripe's day 2025-10-10 widened by the 60 min grace/);
    expect(refused.parentKey).toBeUndefined();
    await eventually("the genuine run to complete", async () => ((await runStatus(OTHER_DAY)) === "completed" ? true : undefined), { timeoutMs: 90_000 });
    await smtp.waitFor(before.emails + 1, 60_000);
    const mails = smtp.messages.slice(before.emails).map((message) => message.subject);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain(`stripe - ${OTHER_DAY}`);
    expect(mails[0]).not.toContain("CRITICAL");
    const { rows } = await ctx.db.pool.query("SELECT 1 FROM outbox_events WHERE type = 'run.failed'");
    expect(rows).toEqual([]);
  });
});
