import { silentLogger } from "@recon/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startHealthServer, type HealthServer } from "./health-server";
import { createMetrics } from "./metrics";

const logger = silentLogger();

describe("health server", () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("is alive regardless of dependencies, and ready only when every check passes in time", async () => {
    let redisUp = true;
    const metrics = createMetrics({ processMetrics: false });
    server = await startHealthServer({
      port: 0,
      host: "127.0.0.1",
      logger,
      registry: metrics.registry,
      checkTimeoutMs: 200,
      checks: {
        redis: () => (redisUp ? Promise.resolve() : Promise.reject(new Error("connection refused"))),
        postgres: () => Promise.resolve(),
      },
    });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    redisUp = false;
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ready: false,
      checks: { redis: { ok: false, error: "connection refused" }, postgres: { ok: true } },
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it("fails a check that hangs instead of hanging the probe", async () => {
    const metrics = createMetrics({ processMetrics: false });
    server = await startHealthServer({
      port: 0,
      host: "127.0.0.1",
      logger,
      registry: metrics.registry,
      checkTimeoutMs: 100,
      checks: { postgres: () => new Promise(() => undefined) },
    });
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ready: false, checks: { postgres: { ok: false, error: "no answer within 100 ms" } } });
  });

  it("serves queue depths read at scrape time, and leaves out a queue that cannot answer", async () => {
    const metrics = createMetrics({ processMetrics: false, labels: { app: "test" } });
    let waiting = 3;
    metrics.watchQueues([
      { name: "fetch", getJobCounts: () => Promise.resolve({ waiting, active: 1, delayed: 0, failed: 2 }), backlog: () => Promise.resolve(waiting + 1) },
      { name: "notify", getJobCounts: () => Promise.reject(new Error("Redis is away")), backlog: () => Promise.reject(new Error("Redis is away")) },
    ]);
    metrics.transactionsFetched.inc({ source: "stripe" }, 200);
    server = await startHealthServer({ port: 0, host: "127.0.0.1", logger, registry: metrics.registry, checks: {} });
    let text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('recon_queue_jobs{queue="fetch",state="waiting",app="test"} 3');
    expect(text).toContain('recon_queue_jobs{queue="fetch",state="failed",app="test"} 2');
    expect(text).toContain('recon_queue_backlog{queue="fetch",app="test"} 4');
    expect(text).not.toContain('queue="notify"');
    expect(text).toContain('recon_transactions_fetched_total{source="stripe",app="test"} 200');
    waiting = 0;
    text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('recon_queue_jobs{queue="fetch",state="waiting",app="test"} 0');
    expect(text).toContain('recon_queue_backlog{queue="fetch",app="test"} 1');
  });
});
