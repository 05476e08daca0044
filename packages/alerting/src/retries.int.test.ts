// Retried report and notify jobs against real Postgres, Redis, s3rver, an SMTP server and a
// local Slack Web API: each job is forced to fail once AFTER its side effects, then retried.
import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { completeRun, failRunOnce, relayOutbox, startRun, type Db } from "@recon/db";
import { emptyKindCounts, type ProcessorTransaction } from "@recon/domain";
import { publishEvent } from "@recon/queue";
import { createS3ReportStore } from "@recon/reports";
import { startReportWorker } from "@recon/reporting";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNotifyWorker } from "./start";
import { settle, startTestFleet, waitForProcessed, type TestFleet } from "./test-fleet";

let fleet: TestFleet;
let workers: Worker[] = [];
const reportHookCalls: string[] = [];
const notifyHookCalls: string[] = [];

/** Throws the first time it sees a run: the side effects already happened, the job fails anyway. */
function failOnce(calls: string[], what: string) {
  return () => {
    calls.push(what);
    if (calls.length === 1) throw new Error(`${what}: forced failure after the side effects (test)`);
  };
}

function missingTx(id: string, amountMinor: bigint): ProcessorTransaction {
  return {
    processor: "stripe",
    externalId: id,
    relatedIds: [],
    reference: `order-${id}`,
    merchantId: "m_1",
    grossMinor: amountMinor,
    feeMinor: 30n,
    netMinor: amountMinor - 30n,
    currency: "USD",
    status: "succeeded",
    rawStatus: "available",
    type: "payment",
    occurredAt: new Date("2026-11-24T12:00:00Z"),
    raw: {},
  };
}

async function relay(db: Db) {
  return relayOutbox(db, (event) => publishEvent(fleet.ctx.queues, event));
}

beforeAll(async () => {
  fleet = await startTestFleet("alert-retries");
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await fleet?.close();
});

describe("retried report and notify jobs", () => {
  it("yield the same S3 objects, one email and one Slack message", async () => {
    const { ctx } = fleet;
    workers = [
      startReportWorker(ctx, { afterStore: failOnce(reportHookCalls, "report") }),
      startNotifyWorker(ctx, { afterSend: failOnce(notifyHookCalls, "notify") }),
    ];
    const runId = await startRun(ctx.db, { processor: "stripe", runDate: "2026-11-24", createdBy: "test" });
    const eventId = randomUUID();
    const missing = [missingTx("txn_a", 250_000n), missingTx("txn_b", 1_000n)];
    await completeRun(ctx.db, {
      runId,
      processor: "stripe",
      runDate: "2026-11-24",
      figures: {
        processorTransactionCount: 10,
        internalTransactionCount: 9,
        matchedCount: 7,
        counts: { ...emptyKindCounts(), missing_in_internal: 2, amount_mismatch: 1 },
        primaryCurrency: "USD",
        totalsByCurrency: {
          USD: {
            missingMinor: 251_000n,
            volumeMinor: 1_000_000n,
            atRiskMinor: 251_500n,
            feesAtRiskMinor: 60n,
          },
        },
      },
      discrepancies: [
        ...missing.map((tx) => ({
          kind: "missing_in_internal" as const,
          processorExternalId: tx.externalId,
          internalExternalId: null,
          currency: "USD",
          processorAmountMinor: tx.grossMinor,
          internalAmountMinor: null,
          amountAtRiskMinor: tx.grossMinor,
          reason: "no ledger record",
        })),
        {
          kind: "amount_mismatch",
          processorExternalId: "txn_c",
          internalExternalId: "led_c",
          currency: "USD",
          processorAmountMinor: 10_000n,
          internalAmountMinor: 9_500n,
          amountAtRiskMinor: 500n,
          reason: "amounts differ",
        },
      ],
      missing,
      rejectedCount: 0,
      event: {
        id: eventId,
        type: "run.completed",
        payload: { runId, processor: "stripe", runDate: "2026-11-24" },
      },
    });
    expect(await relay(ctx.db)).toBe(1);

    await waitForProcessed(ctx, "notify", eventId);
    await settle();

    // Each job really failed once after its side effects, and was retried.
    expect(reportHookCalls).toEqual(["report", "report"]);
    expect(notifyHookCalls).toEqual(["notify", "notify"]);

    // Same five objects, not ten (audit anchors, one per attempt, live under audit-anchors/).
    const prefix = "reports/2026-11-24/stripe/";
    expect(await fleet.s3.listKeys("reports/")).toEqual([
      `${prefix}discrepancies_stripe_2026-11-24.csv`,
      `${prefix}executive_summary_stripe_2026-11-24.md`,
      `${prefix}reconciliation_report_stripe_2026-11-24.csv`,
      `${prefix}reconciliation_report_stripe_2026-11-24.html`,
      `${prefix}reconciliation_report_stripe_2026-11-24.json`,
    ]);
    const { rows } = await ctx.db.pool.query<{ report_s3_key: string; reports: Record<string, string> }>(
      "SELECT report_s3_key, reports FROM reconciliation_runs WHERE id = $1",
      [runId],
    );
    expect(rows[0]!.report_s3_key).toBe(`${prefix}reconciliation_report_stripe_2026-11-24.json`);
    expect(rows[0]!.reports.html).toBe(
      `s3://${fleet.s3.bucket}/${prefix}reconciliation_report_stripe_2026-11-24.html`,
    );
    const discrepanciesCsv = await fleet.s3.getText(`${prefix}discrepancies_stripe_2026-11-24.csv`);
    expect(discrepanciesCsv.trim().split("\r\n")).toHaveLength(4);

    // One email: 2 missing of 10 = 0.2, not > 0.20; 2510.00 of 10000.00 = 0.251 > 0.20 → critical.
    expect(fleet.smtp.messages).toHaveLength(1);
    const [mail] = fleet.smtp.messages;
    expect(mail!.subject).toBe("🚨 CRITICAL Daily Reconciliation Report - stripe - 2026-11-24");
    expect(mail!.messageId).toBe(`<${eventId}.alert@recon>`);
    expect(mail!.text).toContain("Escalate to compliance");
    const link = /Report \(link valid 24 hours\): (\S+)/.exec(mail!.text)?.[1];
    expect(link).toBeDefined();
    expect(new URL(link!).searchParams.get("X-Amz-Expires")).toBe("86400");
    const report = await fetch(link!);
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('<svg id="chart-by-kind"');

    // One Slack message with the counts and the money.
    expect(fleet.slack.calls).toHaveLength(1);
    const [call] = fleet.slack.calls;
    expect(call!.method).toBe("chat.postMessage");
    expect(call!.body.channel).toBe("#recon-alerts");
    const blocks = JSON.stringify(call!.body.blocks);
    expect(blocks).toContain("missing_in_internal: *2*");
    expect(blocks).toContain("amount_mismatch: *1*");
    expect(blocks).toContain("2515.00 USD at stake (2510.00 USD missing from the ledger)");
    expect(blocks).toContain("CRITICAL");
  });

  it("retries the report while S3 is down, then on the final attempt stores it locally and says so", async () => {
    const { ctx } = fleet;
    await Promise.all(workers.map((worker) => worker.close()));
    // A port nothing listens on: every PUT is refused, like an S3 outage.
    const down = createS3ReportStore({
      bucket: "recon-reports",
      endpoint: "http://127.0.0.1:9",
      accessKeyId: "x",
      secretAccessKey: "y",
    });
    workers = [startReportWorker(ctx, { s3: down }), startNotifyWorker(ctx)];
    const before = fleet.smtp.messages.length;
    const runId = await startRun(ctx.db, { processor: "square", runDate: "2026-11-24", createdBy: "test" });
    const eventId = randomUUID();
    await completeRun(ctx.db, {
      runId,
      processor: "square",
      runDate: "2026-11-24",
      figures: {
        processorTransactionCount: 5,
        internalTransactionCount: 5,
        matchedCount: 5,
        counts: emptyKindCounts(),
        primaryCurrency: "USD",
        totalsByCurrency: {
          USD: { missingMinor: 0n, volumeMinor: 50_000n, atRiskMinor: 0n, feesAtRiskMinor: 0n },
        },
      },
      discrepancies: [],
      missing: [],
      rejectedCount: 0,
      event: { id: eventId, type: "run.completed", payload: { runId } },
    });
    // This test publishes the event itself (below), with three quick attempts instead of the
    // catalog's five with backoff from 2 s, to keep it short; the relay must not publish it again.
    await ctx.db.pool.query("UPDATE outbox_events SET published_at = now() WHERE id = $1", [eventId]);
    const job = await ctx.queues.queues.report.add(
      "report.render",
      { eventId, eventType: "run.completed", runId },
      { jobId: `report.render-${eventId}`, attempts: 3, backoff: { type: "fixed", delay: 200 } },
    );
    await ctx.queues.queues.notify.add(
      "notify.send",
      { eventId, eventType: "run.completed", runId },
      { jobId: `notify.send-${eventId}`, attempts: 5, backoff: { type: "fixed", delay: 500 } },
    );
    await waitForProcessed(ctx, "notify", eventId);
    await settle(500);

    const finished = await ctx.queues.queues.report.getJob(job.id!);
    expect(await finished!.getState()).toBe("completed");
    expect(finished!.stacktrace).toHaveLength(2); // two failed attempts before the final one
    const run = await ctx.db.pool.query<{ reports: Record<string, string>; report_s3_key: string | null }>(
      "SELECT reports, report_s3_key FROM reconciliation_runs WHERE id = $1",
      [runId],
    );
    const { reports, report_s3_key } = run.rows[0]!;
    expect(report_s3_key).toBeNull();
    expect(reports.storage_note).toMatch(
      /^S3 upload to bucket recon-reports failed on the last attempt .*reports stored in the local directory instead$/,
    );
    expect(reports.html).toBe(
      join(fleet.reportsDir, "square", "2026-11-24", "reconciliation_report_square_2026-11-24.html"),
    );
    expect(await readdir(join(fleet.reportsDir, "square", "2026-11-24"))).toHaveLength(5);
    expect(await fleet.s3.listKeys("reports/2026-11-24/square/")).toEqual([]);

    expect(fleet.smtp.messages).toHaveLength(before + 1);
    const mail = fleet.smtp.messages.at(-1)!;
    expect(mail.subject).toBe("✅ INFO Daily Reconciliation Report - square - 2026-11-24");
    expect(mail.text).toContain("S3 upload to bucket recon-reports failed on the last attempt");
    expect(mail.text).toContain(reports.html);
    down.client.destroy();
  });

  it("alerts a failed run with its error, escaped and truncated, once", async () => {
    const { ctx } = fleet;
    const before = { mail: fleet.smtp.messages.length, slack: fleet.slack.calls.length };
    const runId = await startRun(ctx.db, { processor: "paypal", runDate: "2026-11-24", createdBy: "test" });
    const eventId = randomUUID();
    const error = `ledger API said <b>401</b> & ${"x".repeat(1_000)}`;
    await failRunOnce(ctx.db, { processor: "paypal", runDate: "2026-11-24", error, eventId, actor: "test" });
    expect(await relay(ctx.db)).toBe(1);
    await waitForProcessed(ctx, "notify", eventId);
    await settle();
    expect(fleet.smtp.messages).toHaveLength(before.mail + 1);
    const mail = fleet.smtp.messages.at(-1)!;
    expect(mail.subject).toBe("🚨 CRITICAL: Reconciliation Failed - paypal - 2026-11-24");
    expect(mail.text).toContain(`Run id: ${runId}`);
    expect(mail.html).toContain("ledger API said &lt;b&gt;401&lt;/b&gt; &amp; xxx");
    expect(mail.text).toContain("x…");
    expect(mail.text).not.toContain("x".repeat(600));
    expect(fleet.slack.calls).toHaveLength(before.slack + 1);
    expect(JSON.stringify(fleet.slack.calls.at(-1)!.body.blocks)).toContain("&lt;b&gt;401&lt;/b&gt; &amp;");
  });
});
