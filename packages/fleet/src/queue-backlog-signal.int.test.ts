import { prometheusSample, eventually } from "@recon/testing";
import { Worker } from "bullmq";
import { afterAll, describe, expect } from "vitest";
import { startFleetHealth, type FleetHealth } from "./health";
import { fleetTest } from "./testing/fleet-test";

// The autoscalers' signal end to end: real BullMQ queues in Redis, the /metrics endpoint every
// fleet process serves (what Prometheus scrapes for KEDA), and real workers draining the queue.

describe("queue backlog signal (recon_queue_backlog)", () => {
  let health: FleetHealth;
  const workers: Worker[] = [];

  fleetTest.beforeAll(async ({ fleet }) => {
    // As in the scheduler: a process with no worker on the fetch queue still reports its backlog.
    health = await startFleetHealth(fleet, { port: 0, host: "127.0.0.1", app: "scheduler", workers: [] });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close(true)));
    await health?.close();
  });

  const scrape = async () => (await fetch(`${health.server.url}/metrics`)).text();
  const backlog = async (queue: string) => prometheusSample(await scrape(), "recon_queue_backlog", { queue });
  const depth = async (queue: string, state: string) => prometheusSample(await scrape(), "recon_queue_jobs", { queue, state });

  fleetTest("reads every queue's backlog as 0 on an idle fleet", async () => {
    for (const queue of ["trigger", "fetch", "reconcile", "report", "notify"]) expect(await backlog(queue)).toBe(0);
  });

  fleetTest("rises with waiting, prioritized and due delayed jobs while no worker runs, then falls to 0 as workers drain it", async ({ fleet }) => {
    const fetchQueue = fleet.queues.queues.fetch;
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
        { connection: fleet.workerConnection, prefix: fleet.config.QUEUE_PREFIX, concurrency: 2 },
      );
      worker.on("error", () => undefined);
      workers.push(worker);
    }
    await eventually("the fetch backlog to fall to 0", async () => (await backlog("fetch")) === 0, { timeoutMs: 30_000 });
    await eventually("every startable job to be processed", () => processed === 9);
    // The job due in an hour stays delayed and out of the backlog.
    expect(await depth("fetch", "delayed")).toBe(1);
    expect(await backlog("fetch")).toBe(0);
  });
});
