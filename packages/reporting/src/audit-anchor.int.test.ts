// The report worker anchors the audit chain beside the reports it stores: a real worker on real
// Postgres, Redis and an S3-compatible server (s3rver).
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completeRun, isEventProcessed, readAuditChainHead, relayOutbox, startRun, verifyAuditChain } from "@recon/db";
import { emptyKindCounts } from "@recon/domain";
import { createFleetContext, fleetEnv, type FleetContext } from "@recon/fleet";
import { publishEvent } from "@recon/queue";
import { auditAnchorName, readAuditAnchors } from "@recon/reports";
import { startS3TestServer, type S3TestServer } from "@recon/reports/testing";
import { createLogger, parseEnv } from "@recon/runtime";
import { createTestDatabase, testRedisUrl, uniquePrefix, eventually, type TestDatabase } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReportWorker } from "./start";

let database: TestDatabase;
let s3: S3TestServer;
let reportsDir: string;
let ctx: FleetContext;
let worker: Worker | undefined;

beforeAll(async () => {
  [database, s3] = await Promise.all([createTestDatabase({ name: "recon_report_anchor" }), startS3TestServer()]);
  reportsDir = await mkdtemp(join(tmpdir(), "recon-anchor-reports-"));
  const config = parseEnv(fleetEnv, {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("report-anchor"),
    REPORTS_DIR: reportsDir,
    LOG_LEVEL: "warn",
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
  ctx = await createFleetContext(config, createLogger({ name: "report-anchor", level: "warn" }));
});

afterAll(async () => {
  await worker?.close();
  if (ctx) {
    for (const queue of Object.values(ctx.queues.queues)) await queue.obliterate({ force: true });
    await ctx.close();
  }
  await s3?.close();
  await database?.drop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("the report worker", () => {
  it("stores the audit chain's head beside the run's reports, and the chain agrees with it", async () => {
    worker = startReportWorker(ctx);
    const runDate = "2026-12-01";
    const runId = await startRun(ctx.db, { processor: "stripe", runDate, createdBy: "test" });
    const eventId = randomUUID();
    await completeRun(ctx.db, {
      runId,
      processor: "stripe",
      runDate,
      figures: {
        processorTransactionCount: 0,
        internalTransactionCount: 0,
        matchedCount: 0,
        counts: emptyKindCounts(),
        primaryCurrency: "USD",
        totalsByCurrency: {},
      },
      discrepancies: [],
      missing: [],
      rejectedCount: 0,
      event: { id: eventId, type: "run.completed", payload: { runId, processor: "stripe", runDate } },
    });
    const headAtCompletion = (await readAuditChainHead(ctx.db.pool))!;
    expect(await relayOutbox(ctx.db, (event) => publishEvent(ctx.queues, event, ["report.render"]))).toBe(1);
    await eventually("the report job", async () => ((await isEventProcessed(ctx.db, "report", eventId)) ? true : undefined), { timeoutMs: 60_000 });

    // The anchor names the head as it was when the reports were stored: run.completed's entry.
    expect(await s3.listKeys("audit-anchors/")).toEqual([`audit-anchors/${auditAnchorName(headAtCompletion.seq, headAtCompletion.hash)}`]);
    const { anchors } = await readAuditAnchors({ s3: s3.store, reportsDir, sandbox: false });
    expect(anchors.map((a) => a.seq)).toEqual([headAtCompletion.seq]);
    // The chain went on (report.uploaded) and still agrees with the anchor.
    expect((await readAuditChainHead(ctx.db.pool))!.seq).toBe(headAtCompletion.seq + 1n);
    expect(await verifyAuditChain(ctx.db, { anchors })).toMatchObject({ anchorsChecked: 1, problem: null });
  });
});
