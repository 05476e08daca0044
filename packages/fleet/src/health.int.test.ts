import { parseEnv, type Logger } from "@recon/runtime";
import { defineWorker, enqueue } from "@recon/queue";
import type { Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createFleetContext, type FleetContext } from "./context";
import { fleetEnv } from "./env";
import { startFleetHealth, type FleetHealth } from "./health";
import { dbTest, eventually, prometheusSample, startOwnRedisServer, type OwnRedisServer, uniquePrefix, silentLogger } from "@recon/testing";

const silent: Logger = silentLogger();


describe("fleet health server", () => {
  let redis: OwnRedisServer;
  let ctx: FleetContext;
  let health: FleetHealth;
  let worker: Worker;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));

  dbTest.beforeAll(async ({ database }) => {
    redis = await startOwnRedisServer();
    const config = parseEnv(fleetEnv, { REDIS_URL: redis.url, DATABASE_URL: database.url, QUEUE_PREFIX: uniquePrefix("health") });
    ctx = await createFleetContext(config, silent);
    // A notify worker whose jobs wait on a gate, so the test decides when they complete.
    worker = defineWorker(
      "notify",
      {
        "notify.send": async () => {
          await gate;
          return { sent: true };
        },
      },
      { connection: ctx.workerConnection, prefix: config.QUEUE_PREFIX, logger: silent, concurrency: 2 },
    );
    health = await startFleetHealth(ctx, { port: 0, host: "127.0.0.1", app: "health-test", workers: [worker] });
  });

  afterAll(async () => {
    release();
    await health?.close();
    await worker?.close(true);
    await ctx?.close();
    await redis?.destroy();
  });

  it("answers /healthz and reports ready while Redis, Postgres and the worker are up", async () => {
    const alive = await fetch(`${health.server.url}/healthz`);
    expect(alive.status).toBe(200);
    const ready = await fetch(`${health.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { redis: { ok: true }, postgres: { ok: true }, workers: { ok: true } } });
  });

  it("shows queue depths rising while jobs wait and falling as they complete", async () => {
    const scrape = async () => (await fetch(`${health.server.url}/metrics`)).text();
    const depth = async (state: string) => prometheusSample(await scrape(), "recon_queue_jobs", { queue: "notify", state }) ?? 0;
    expect(await depth("waiting")).toBe(0);

    // The worker takes two jobs (its concurrency) and holds them at the gate; the rest wait.
    const runId = "00000000-0000-4000-8000-000000000001";
    for (let n = 0; n < 6; n += 1) {
      await enqueue(ctx.queues, "notify.send", {
        eventId: `00000000-0000-4000-8000-00000000001${n}`,
        eventType: "run.completed",
        runId,
      });
    }
    await eventually("two jobs are active and four wait", async () => (await depth("active")) === 2 && (await depth("waiting")) === 4, { timeoutMs: 20_000 });

    release();
    await eventually("the queue drains", async () => (await depth("waiting")) === 0 && (await depth("active")) === 0, { timeoutMs: 20_000 });
    const text = await scrape();
    expect(prometheusSample(text, "recon_job_duration_seconds_count", { queue: "notify", job: "notify.send", status: "completed" })).toBe(6);
  });

  it("turns unready when Redis stops and ready again when it returns", async () => {
    await redis.stop();
    await eventually("/readyz reports 503", async () => (await fetch(`${health.server.url}/readyz`)).status === 503, { timeoutMs: 20_000 });
    const down = (await (await fetch(`${health.server.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean }> };
    expect(down.checks.redis?.ok).toBe(false);
    expect(down.checks.postgres?.ok).toBe(true);
    // Liveness never depends on Redis: restarting pods would not bring Redis back.
    expect((await fetch(`${health.server.url}/healthz`)).status).toBe(200);

    await redis.start();
    await eventually("/readyz reports 200 again", async () => (await fetch(`${health.server.url}/readyz`)).status === 200, { timeoutMs: 20_000 });
  });
});
