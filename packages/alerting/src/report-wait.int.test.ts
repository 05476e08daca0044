// How a completed run's alert waits for its report (real Postgres, Redis, s3rver, SMTP sink and
// Slack recorder): by deferring itself without spending attempts, and never on a report that no
// process will produce.
import { randomUUID } from "node:crypto";
import { completeRun, startRun } from "@recon/db";
import { emptyKindCounts } from "@recon/domain";
import { startReportWorker } from "@recon/reporting";
import { eventually } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startNotifyWorker } from "./start";
import { startTestFleet, waitForProcessed, type TestFleet } from "./test-fleet";

let fleet: TestFleet;
let workers: Worker[] = [];

beforeAll(async () => {
  fleet = await startTestFleet("report-wait");
});

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  workers = [];
});

afterAll(async () => {
  await fleet?.close();
});

/** A completed run with its run.completed event in the outbox (marked published: the test queues its jobs). */
async function completedRun(runDate: string): Promise<{ runId: string; eventId: string }> {
  const { ctx } = fleet;
  const runId = await startRun(ctx.db, { processor: "stripe", runDate, createdBy: "test" });
  const eventId = randomUUID();
  await completeRun(ctx.db, {
    runId,
    processor: "stripe",
    runDate,
    figures: {
      processorTransactionCount: 3,
      internalTransactionCount: 3,
      matchedCount: 3,
      counts: emptyKindCounts(),
      primaryCurrency: "USD",
      totalsByCurrency: { USD: { missingMinor: 0n, volumeMinor: 30_000n, atRiskMinor: 0n, feesAtRiskMinor: 0n } },
    },
    discrepancies: [],
    missing: [],
    rejectedCount: 0,
    event: { id: eventId, type: "run.completed", payload: { runId } },
  });
  await ctx.db.pool.query("UPDATE outbox_events SET published_at = now() WHERE id = $1", [eventId]);
  return { runId, eventId };
}

async function queueJobs(eventId: string, runId: string, reportRunId = runId) {
  const { queues } = fleet.ctx.queues;
  await queues.report.add("report.render", { eventId, eventType: "run.completed", runId: reportRunId }, { jobId: `report.render-${eventId}` });
  return queues.notify.add("notify.send", { eventId, eventType: "run.completed", runId }, { jobId: `notify.send-${eventId}` });
}

function lastMailFor(date: string): string {
  const mail = fleet.smtp.messages.findLast((message) => message.subject.includes(date));
  expect(mail).toBeDefined();
  return mail!.text;
}

describe("a completed run's alert and its report", () => {
  it("waits for a report that comes late without spending an attempt, then links it", async () => {
    const { ctx } = fleet;
    workers = [startNotifyWorker(ctx, { reportWait: { pollMs: 100, maxMs: 60_000 } })];
    const { runId, eventId } = await completedRun("2026-03-01");
    const notify = await queueJobs(eventId, runId);
    // No report worker yet: the alert defers itself again and again, and sends nothing.
    await eventually("the alert to defer itself", async () => ((await notify.getState()) === "delayed" ? true : undefined));
    await eventually("a few more looks", async () => {
      const job = await ctx.queues.queues.notify.getJob(notify.id!);
      return (job?.attemptsStarted ?? 0) >= 3 ? job : undefined;
    });
    expect(fleet.smtp.messages.filter((message) => message.subject.includes("2026-03-01"))).toEqual([]);

    workers.push(startReportWorker(ctx));
    await waitForProcessed(ctx, "notify", eventId);
    const done = await ctx.queues.queues.notify.getJob(notify.id!);
    expect(done!.stacktrace ?? []).toEqual([]); // no failed attempt
    expect(done!.attemptsMade).toBeLessThanOrEqual(1);
    expect(lastMailFor("2026-03-01")).toContain("Report (link valid 24 hours): http://127.0.0.1:");
  });

  it("goes out without the link once the report job has failed for good, saying why", async () => {
    const { ctx } = fleet;
    workers = [startReportWorker(ctx), startNotifyWorker(ctx, { reportWait: { pollMs: 100, maxMs: 60_000 } })];
    const { runId, eventId } = await completedRun("2026-03-02");
    // The report job names a run that does not exist: it fails at once, for good.
    await queueJobs(eventId, runId, randomUUID());
    await waitForProcessed(ctx, "notify", eventId);
    expect(lastMailFor("2026-03-02")).toMatch(/The report could not be produced \(run [0-9a-f-]+ does not exist\)/);
  });

  it("goes out at once when the event has no report job at all (gone from Redis)", async () => {
    const { ctx } = fleet;
    workers = [startNotifyWorker(ctx, { reportWait: { pollMs: 100, maxMs: 60_000 } })];
    const { runId, eventId } = await completedRun("2026-03-04");
    await ctx.queues.queues.notify.add("notify.send", { eventId, eventType: "run.completed", runId }, { jobId: `notify.send-${eventId}` });
    await waitForProcessed(ctx, "notify", eventId);
    expect(lastMailFor("2026-03-04")).toContain("The report job is no longer queued, so no report will follow.");
  });

  it("never waits past the bound on a report no process produces (no report worker running)", async () => {
    const { ctx } = fleet;
    workers = [startNotifyWorker(ctx, { reportWait: { pollMs: 100, maxMs: 2_000 } })];
    const { runId, eventId } = await completedRun("2026-03-03");
    await queueJobs(eventId, runId);
    await waitForProcessed(ctx, "notify", eventId);
    expect(lastMailFor("2026-03-03")).toContain("The report was not ready 2 s after the run");
    expect(await ctx.queues.queues.report.getJobState(`report.render-${eventId}`)).toBe("waiting");
  });
});
