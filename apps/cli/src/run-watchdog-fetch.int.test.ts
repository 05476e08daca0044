// Every run ends, fetch side: a fetch slice whose worker dies twice is failed by BullMQ without
// our handler, leaving its parent waiting for ever; the watchdog fails the run (creating its row)
// and announces it once, and retrying the slice from Bull Board still completes the run. The
// failure path of a slice outside its live run touches no run.
import { blankSourceSettings } from "@recon/sources";
import { join } from "node:path";
import { recordSliceFailure, startFetchWorker } from "@recon/ingest";
import { createFleetContext, fleetEnv, type Background, type FetchingFleetContext } from "@recon/fleet";
import { eventJobId, liveRunHead, runEventId, sliceJobId, triggerRun, type JobPayload } from "@recon/queue";
import { startReconcileWorker, sweepOnce, type WatchdogSettings } from "@recon/reconciliation";
import { parseEnv } from "@recon/runtime";
import { createTestDatabase, startCrashChild, testRedisUrl, uniquePrefix, eventually, type TestDatabase, silentLogger } from "@recon/testing";
import type { Job, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The fetch worker's own crash fixture: hangs after the processor side's first page, saying "hung".
const CHILD = join(import.meta.dirname, "..", "..", "..", "packages", "ingest", "src", "fixtures", "fetch-worker-child.ts");
const SETTINGS: WatchdogSettings = { intervalMs: 300, stuckAfterMs: 3_600_000, orphanedAfterMs: 1_000, republishAfterMs: 600_000 };
const DATE = "2025-10-09";

let database: TestDatabase;
let env: Record<string, string | undefined>;
let ctx: FetchingFleetContext;
let started: Array<Worker | Background> = [];

beforeAll(async () => {
  database = await createTestDatabase({ name: "fetch_watchdog" });
  env = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("fetch-watchdog"),
    RECON_SANDBOX: "true",
    ...blankSourceSettings(),
    LOG_LEVEL: "warn",
    WORKER_CONCURRENCY: "1",
  };
  ctx = await createFleetContext(parseEnv(fleetEnv, env), silentLogger(), { sources: {} });
});

afterAll(async () => {
  await Promise.all(started.map((item) => ("stop" in item ? item.stop() : item.close())));
  await ctx?.close();
  await database?.drop();
});

async function runRow() {
  const { rows } = await ctx.db.pool.query<{ id: string; status: string; error_message: string | null }>(
    "SELECT id, status, error_message FROM reconciliation_runs WHERE processor_name = 'stripe' AND run_date = $1::date",
    [DATE],
  );
  return rows[0];
}

async function failedEvents(): Promise<string[]> {
  const { rows } = await ctx.db.pool.query<{ id: string }>("SELECT id FROM outbox_events WHERE type = 'run.failed'");
  return rows.map((row) => row.id);
}

describe("a fetch slice SIGKILLed twice", () => {
  it("fails the run (its row created) with one alert; the parent waits, and retrying the slice completes the run", async () => {
    const { jobId: head } = await triggerRun(ctx.queues, { processor: "stripe", runDate: DATE, createdBy: "test", slices: 1 });
    const slice = `${head}-processor-0`;
    for (let kill = 1; kill <= 2; kill++) {
      const child = startCrashChild(CHILD, env);
      await child.printed("hung");
      expect(await ctx.queues.queues.fetch.getJobState(slice)).toBe("active");
      await child.kill();
    }
    expect(await runRow()).toBeUndefined();

    started = [
      startFetchWorker(ctx, { stalledInterval: 1_000 }),
      ...startReconcileWorker(ctx, { stalledInterval: 1_000, watchdog: SETTINGS }),
    ];
    const failed = await eventually("the run to be failed", async () => ((await runRow())?.status === "failed" ? runRow() : undefined), { timeoutMs: 30_000 });
    expect(failed?.error_message).toMatch(new RegExp(`^fetch.slice ${slice} failed: job stalled more than allowable limit`));
    expect(await ctx.queues.queues.fetch.getJobState(slice)).toBe("failed");
    expect(await ctx.queues.queues.reconcile.getJobState(head)).toBe("waiting-children");
    const eventId = runEventId(head, "failed");
    await sweepOnce(ctx, SETTINGS);
    expect(await failedEvents()).toEqual([eventId]);
    const alerts = await ctx.queues.queues.notify.getJobs(["waiting", "delayed", "active", "completed", "failed"]);
    expect(alerts.map((job) => job.id)).toEqual([eventJobId("notify.send", eventId)]);

    // The operator retries the slice (Bull Board's Retry): it completes, the parent reconciles,
    // and the completed run replaces the failure.
    await (await ctx.queues.queues.fetch.getJob(slice))!.retry();
    const completed = await eventually("the run to complete", async () => ((await runRow())?.status === "completed" ? runRow() : undefined), { timeoutMs: 60_000 });
    expect(completed?.id).toBe(failed?.id);
    // The run's row commits before BullMQ marks the head job completed: wait for that state too.
    await eventually("the head job to complete", async () => ((await ctx.queues.queues.reconcile.getJobState(head)) === "completed" ? true : undefined), { timeoutMs: 60_000 });
    await sweepOnce(ctx, SETTINGS);
    expect((await runRow())?.status).toBe("completed");
    expect(await failedEvents()).toEqual([eventId]);
  }, 180_000);

  it("the failure path of a slice outside its live run (no parent, a run already ended, a window outside the day) touches no run", async () => {
    const before = await runRow();
    expect(before?.status).toBe("completed");
    const head = (await liveRunHead(ctx.queues, "stripe", DATE))!;
    const day = { processor: "stripe", runDate: DATE, side: "processor", sliceStart: `${DATE}T00:00:00.000Z`, sliceEnd: `${DATE}T06:00:00.000Z` } as const;
    const parent = { id: head, queue: ctx.queues.queues.reconcile.qualifiedName };
    // Delayed for an hour, so the running fetch worker leaves them to this test.
    const later = { delay: 3_600_000 };
    const forged: Array<{ job: Job; slice: JobPayload<"fetch.slice"> }> = [];
    const add = async (jobId: string, slice: JobPayload<"fetch.slice">, withParent: boolean) => {
      const job = await ctx.queues.queues.fetch.add("fetch.slice", slice, { ...later, jobId, ...(withParent ? { parent } : {}) });
      forged.push({ job, slice });
    };
    await add("no-parent", { ...day, sliceIndex: 0, sliceStart: "1970-01-01T00:00:00.000Z", sliceEnd: "2100-01-01T00:00:00.000Z" }, false);
    await add(sliceJobId(head, "processor", 1), { ...day, sliceIndex: 1 }, true);
    await add(sliceJobId(head, "processor", 2), { ...day, sliceIndex: 2, sliceEnd: "2025-10-11T00:00:00.000Z" }, true);
    const error = "fetching stripe slice failed: forged";
    for (const { job, slice } of forged) await recordSliceFailure(ctx, { job, slice, error });
    await sweepOnce(ctx, SETTINGS);
    expect(await runRow()).toEqual(before);
    expect(await failedEvents()).toHaveLength(1);
    for (const { job } of forged) await job.remove();
  });
});
