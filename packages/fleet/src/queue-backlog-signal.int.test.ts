import { parseEnv, type Logger } from "@recon/runtime";
import { createTestDatabase, prometheusSample, testRedisUrl, type TestDatabase, uniquePrefix, eventually, silentLogger } from "@recon/testing";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleetContext, type FleetContext } from "./context";
import { fleetEnv } from "./env";
import { startFleetHealth, type FleetHealth } from "./health";

// The autoscalers' signal end to end: real BullMQ queues in Redis, the /metrics endpoint every
// fleet process serves (what Prometheus scrapes for KEDA), and real workers draining the queue.

const silent: Logger = silentLogger();

describe("queue backlog signal (recon_queue_backlog)", () => {
  let database: TestDatabase;
  let ctx: FleetContext;
  let health: FleetHealth;
  const workers: Worker[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ name: "backlog_signal" });
    const config = parseEnv(fleetEnv, { REDIS_URL: testRedisUrl(), DATABASE_URL: database.url, QUEUE_PREFIX: uniquePrefix("backlog") });
    ctx = await createFleetContext(config, silent);
    // As in the scheduler: a process with no worker on the fetch queue still reports its backlog.
    health = await startFleetHealth(ctx, { port: 0, host: "127.0.0.1", app: "scheduler", workers: [] });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close(true)));
    await health?.close();
    await ctx?.queues.queues.fetch.obliterate({ force: true }).catch(() => undefined);
    await ctx?.close();
    await database?.drop();
  });

  const scrape = async () => (await fetch(`${health.server.url}/metrics`)).text();
  const backlog = async (queue: string) => prometheusSample(await scrape(), "recon_queue_backlog", { queue });
  const depth = async (queue: string, state: string) => prometheusSample(await scrape(), "recon_queue_jobs", { queue, state });

  it("reads every queue's backlog as 0 on an idle fleet", async () => {
    for (const queue of ["trigger", "fetch", "reconcile", "report", "notify"]) expect(await backlog(queue)).toBe(0);
  });

  it("rises with waiting, prioritized and due delayed jobs while no worker runs, then falls to 0 as workers drain it", async () => {
    const fetchQueue = ctx.queues.queues.fetch;
    const waiting = 5;
    const prioritized = 3;
    for (let n = 0; n < waiting; n += 1) await fetchQueue.add("fetch.slice", { n });
    for (let n = 0; n < prioritized; n += 1) await fetchQueue.add("fetch.slice", { n }, { priority: 1 + n });
    // Not yet due: a worker could not start it, so it is not backlog.
    await fetchQueue.add("fetch.slice", { later: true }, { delay: 3_600_000 });
    expect(await backlog("fetch")).toBe(waiting + prioritized);
    expect(await backlog("notify")).toBe(0);

    // A retry whose backoff has passed: with no worker running, nothing promotes it out of the
    // delayed set, so only counting due delayed jobs lets a scaled-to-zero queue wake up.
    await fetchQueue.add("fetch.slice", { retry: true }, { delay: 1 });
    const withDue = await eventually("the due delayed job to count", async () => {
      const value = await backlog("fetch");
      return value === waiting + prioritized + 1 ? value : undefined;
    });
    expect(withDue).toBe(9);
    expect(await depth("fetch", "delayed")).toBe(2);

    let processed = 0;
    for (let n = 0; n < 2; n += 1) {
      const worker = new Worker(
        "fetch",
        () => {
          processed += 1;
          return Promise.resolve();
        },
        { connection: ctx.workerConnection, prefix: ctx.config.QUEUE_PREFIX, concurrency: 2 },
      );
      worker.on("error", () => undefined);
      workers.push(worker);
    }
    await eventually("the fetch backlog to fall to 0", async () => ((await backlog("fetch")) === 0 ? true : undefined), { timeoutMs: 30_000 });
    await eventually("every startable job to be processed", () => Promise.resolve(processed === 9 ? true : undefined));
    // The job due in an hour stays delayed and out of the backlog.
    expect(await depth("fetch", "delayed")).toBe(1);
    expect(await backlog("fetch")).toBe(0);
  });
});
