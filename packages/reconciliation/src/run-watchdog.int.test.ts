// Every run ends: a reconcile job whose worker dies twice is failed by BullMQ without our handler;
// the watchdog then fails the run and announces it, once. And an outbox event whose queue job
// vanished is published again, once, unless its consumer recorded it.
import { join } from "node:path";
import { failRunOnce, relayOutbox, startRun } from "@recon/db";
import { createFleetContext, fleetEnv, requestRun, type Background, type FleetContext } from "@recon/fleet";
import { eventJobId, publishEvent, runEventId, triggerRun } from "@recon/queue";
import { parseEnv } from "@recon/runtime";
import { createTestDatabase, startCrashChild, testRedisUrl, uniquePrefix, eventually, type TestDatabase, silentLogger } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReconcileWorker } from "./start";
import { sweepOnce, type WatchdogSettings } from "./watchdog/start-watchdog";

const CHILD = join(import.meta.dirname, "fixtures", "reconcile-worker-child.ts");
const SETTINGS: WatchdogSettings = { intervalMs: 300, stuckAfterMs: 3_600_000, orphanedAfterMs: 1_000, republishAfterMs: 600_000 };

let database: TestDatabase;
let env: Record<string, string | undefined>;
let ctx: FleetContext;
let started: Array<Worker | Background> = [];

beforeAll(async () => {
  database = await createTestDatabase({ name: "run_watchdog" });
  env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: uniquePrefix("watchdog"), LOG_LEVEL: "warn" };
  ctx = await createFleetContext(parseEnv(fleetEnv, env), silentLogger());
});

afterAll(async () => {
  await Promise.all(started.map((item) => ("stop" in item ? item.stop() : item.close())));
  await ctx?.close();
  await database?.drop();
});

async function runRow(runDate: string) {
  const { rows } = await ctx.db.pool.query<{ id: string; status: string; error_message: string | null }>(
    "SELECT id, status, error_message FROM reconciliation_runs WHERE processor_name = 'stripe' AND run_date = $1::date",
    [runDate],
  );
  return rows[0];
}

async function failedEvents(): Promise<string[]> {
  const { rows } = await ctx.db.pool.query<{ id: string }>("SELECT id FROM outbox_events WHERE type = 'run.failed'");
  return rows.map((row) => row.id);
}

describe("a reconcile job SIGKILLed twice", () => {
  it("ends the run failed, naming the stall, with exactly one run.failed event and one alert job", async () => {
    const runDate = "2025-10-20";
    const { jobId } = await triggerRun(ctx.queues, { processor: "stripe", runDate, createdBy: "test", skipFetch: true, slices: 1 });
    // Killed twice where the handler has started the run: BullMQ moves the stalled job back once,
    // and fails it on the second stall without calling the handler.
    for (let kill = 1; kill <= 2; kill++) {
      const child = startCrashChild(CHILD, env);
      await child.printed("hung");
      expect(await ctx.queues.queues.reconcile.getJobState(jobId)).toBe("active");
      await child.kill();
    }
    expect((await runRow(runDate))?.status).toBe("running");

    started = startReconcileWorker(ctx, { lockDuration: 2_000, stalledInterval: 1_000, watchdog: SETTINGS });
    const ended = await eventually("the run to end", async () => {
      const row = await runRow(runDate);
      return row?.status === "running" ? undefined : row;
    }, { timeoutMs: 30_000 });
    expect(ended?.status).toBe("failed");
    expect(ended?.error_message).toMatch(new RegExp(`^reconcile.run ${jobId} failed: job stalled more than allowable limit \\(its worker process died`));
    expect(await ctx.queues.queues.reconcile.getJobState(jobId)).toBe("failed");

    const eventId = runEventId(jobId, "failed");
    expect(await failedEvents()).toEqual([eventId]);
    // Later sweeps find the failure recorded and add nothing.
    await sweepOnce(ctx, SETTINGS);
    await sweepOnce(ctx, SETTINGS);
    expect(await failedEvents()).toEqual([eventId]);
    const alerts = await ctx.queues.queues.notify.getJobs(["waiting", "delayed", "active", "completed", "failed"]);
    expect(alerts.map((job) => job.id)).toEqual([eventJobId("notify.send", eventId)]);
  }, 120_000);
});

describe("outbox re-publish", () => {
  const settings = { ...SETTINGS, republishAfterMs: 1_000 };

  async function publishedFailure(runDate: string): Promise<string> {
    await startRun(ctx.db, { processor: "stripe", runDate, createdBy: "test" });
    const { event } = await failRunOnce(ctx.db, { processor: "stripe", runDate, error: "boom", eventId: runEventId(`run-${runDate}`, "failed"), actor: "test" });
    await relayOutbox(ctx.db, (e) => publishEvent(ctx.queues, e));
    // As if published long ago.
    await ctx.db.pool.query("UPDATE outbox_events SET published_at = now() - interval '1 hour' WHERE id = $1", [event.id]);
    return event.id;
  }

  it("publishes again an event whose notify job vanished from Redis, exactly once", async () => {
    const eventId = await publishedFailure("2025-10-21");
    const jobId = eventJobId("notify.send", eventId);
    await (await ctx.queues.queues.notify.getJob(jobId))!.remove();
    await sweepOnce(ctx, settings);
    await sweepOnce(ctx, settings);
    const jobs = (await ctx.queues.queues.notify.getJobs(["waiting", "delayed", "active", "completed", "failed"])).filter((job) => job.id === jobId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toMatchObject({ eventId, eventType: "run.failed" });
  });

  it("publishes nothing when the consumer recorded the event", async () => {
    const eventId = await publishedFailure("2025-10-22");
    const jobId = eventJobId("notify.send", eventId);
    await ctx.db.pool.query("INSERT INTO processed_events (consumer, event_id) VALUES ('notify', $1)", [eventId]);
    await (await ctx.queues.queues.notify.getJob(jobId))!.remove();
    await sweepOnce(ctx, settings);
    expect(await ctx.queues.queues.notify.getJobState(jobId)).toBe("unknown");
  });
});

describe("a run whose flow Redis lost (restarted without persistence)", () => {
  it("is failed with one alert once RUN_ORPHANED_AFTER_MS has passed, and not while its flow lives", async () => {
    const runDate = "2025-10-22";
    // A fetch slice no worker here takes: the flow stays in flight, the row `running`.
    await requestRun(ctx, { processor: "stripe", runDate, createdBy: "test", slices: 1 });
    expect((await runRow(runDate))?.status).toBe("running");
    const startedAt = Date.now();
    await eventually("the orphan grace to pass", () => Promise.resolve(Date.now() - startedAt > SETTINGS.orphanedAfterMs * 2 ? true : undefined), { timeoutMs: 10_000 });
    await sweepOnce(ctx, SETTINGS);
    expect((await runRow(runDate))?.status).toBe("running");

    // What an empty restart leaves: none of the day's keys, no flow.
    const dayKeys = await ctx.queues.connection.keys(`${ctx.queues.prefix}:runs:stripe:${runDate}:*`);
    const flowKeys = await ctx.queues.connection.keys(`${ctx.queues.prefix}:*:run-stripe-${runDate}-*`);
    await ctx.queues.connection.del(...dayKeys, ...flowKeys);
    const before = new Set(await failedEvents());
    const ended = await eventually("the watchdog to fail the run", async () => {
      await sweepOnce(ctx, SETTINGS);
      const row = await runRow(runDate);
      return row?.status === "failed" ? row : undefined;
    }, { timeoutMs: 30_000 });
    expect(ended?.error_message).toMatch(/^its jobs are gone from Redis \(was Redis restarted without persistence\?/);
    const added = (await failedEvents()).filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    await sweepOnce(ctx, SETTINGS);
    expect((await failedEvents()).filter((id) => !before.has(id))).toEqual(added);
    expect(await ctx.queues.queues.notify.getJobState(eventJobId("notify.send", added[0]!))).not.toBe("unknown");
  }, 60_000);
});
