import { Writable } from "node:stream";
import { createQueueSet, createRedisConnection, waitUntilReady, type QueueSet } from "@recon/queue";
import { createLogger, parseEnv } from "@recon/runtime";
import { testRedisUrl, uniquePrefix, eventually } from "@recon/testing";
import { Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startBacklogMetricsPublisher, type BacklogMetricsPublisher } from "./backlog-metrics-publisher";
import { cloudWatchClientFromConfig } from "./cloudwatch-client";
import { schedulerEnv } from "./env";
import { SCALED_QUEUES } from "./queue-backlog-readings";
import { startFakeCloudWatch, type CapturedPutMetricData, type FakeCloudWatch } from "./testing/fake-cloudwatch";

const NAMESPACE = "ReconTest";

/** Captured log lines, to see the publisher's warnings. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string; err?: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as (typeof lines)[number]);
      callback();
    },
  });
  return { lines, logger: createLogger({ name: "backlog-metrics-test", level: "info", destination }) };
}


/** The value of one metric for one queue of one fleet in a request, or undefined. */
function valueIn(request: CapturedPutMetricData, metric: string, queue: string, fleet: string): number | undefined {
  const datum = request.data.find(
    (item) =>
      item.MetricName === metric &&
      item.Dimensions?.some((d) => d.Name === "Queue" && d.Value === queue) &&
      item.Dimensions.some((d) => d.Name === "Fleet" && d.Value === fleet),
  );
  return datum?.Value;
}

describe("backlog metrics configuration", () => {
  it("is off without a namespace and needs a region with one", () => {
    const off = parseEnv(schedulerEnv, {});
    expect(off.BACKLOG_METRICS_NAMESPACE).toBeUndefined();
    expect(off.BACKLOG_METRICS_INTERVAL_MS).toBe(60_000);
    expect(() => parseEnv(schedulerEnv, { BACKLOG_METRICS_NAMESPACE: "Recon" })).toThrow(/AWS_REGION: BACKLOG_METRICS_NAMESPACE needs AWS_REGION/);
    const on = parseEnv(schedulerEnv, { BACKLOG_METRICS_NAMESPACE: "Recon", AWS_REGION: "eu-west-1", BACKLOG_METRICS_INTERVAL_MS: "15000" });
    expect(on).toMatchObject({ BACKLOG_METRICS_NAMESPACE: "Recon", AWS_REGION: "eu-west-1", BACKLOG_METRICS_INTERVAL_MS: 15_000 });
  });
});

describe("backlog metrics publisher (real Redis and BullMQ, loopback CloudWatch)", () => {
  let set: QueueSet;
  let cloudwatch: FakeCloudWatch;
  let publisher: BacklogMetricsPublisher | undefined;
  const workers: Worker[] = [];
  const workerConnections: Array<ReturnType<typeof createRedisConnection>> = [];
  /** Lets the test's workers finish their jobs (also on a failed test, so they can close). */
  let release: () => void = () => undefined;

  const start = (logger = capturingLogger().logger) =>
    startBacklogMetricsPublisher({
      set,
      // One attempt: a 500 is a failed publication, not hidden by the SDK's own retries.
      client: cloudWatchClientFromConfig(
        { AWS_REGION: "us-east-1", CLOUDWATCH_ENDPOINT: cloudwatch.url },
        { credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 },
      ),
      namespace: NAMESPACE,
      fleet: set.prefix,
      intervalMs: 100,
      logger,
    });

  beforeAll(async () => {
    const connection = createRedisConnection(testRedisUrl(), "producer");
    await waitUntilReady(connection);
    set = createQueueSet(connection, uniquePrefix("backlog_metrics"));
    cloudwatch = await startFakeCloudWatch();
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    release();
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    for (const connection of workerConnections.splice(0)) connection.disconnect();
  });
  afterAll(async () => {
    await cloudwatch.close();
    const keys = await set.connection.keys(`${set.prefix}:*`);
    if (keys.length > 0) await set.connection.del(...keys);
    await set.close();
    set.connection.disconnect();
  });

  /** Waits for a successful request, sent after `after` others, in which `check` holds. */
  const published = (what: string, check: (request: CapturedPutMetricData) => boolean, after = 0) =>
    eventually(what, () => cloudwatch.requests.slice(after).find((request) => request.status === 200 && check(request)));

  it("publishes each queue's backlog, divides it by the workers consuming it, and falls to 0 when they drain it", async () => {
    const fleet = set.prefix;
    const N = 6;
    for (let index = 0; index < N; index += 1) await set.queues.fetch.add("fetch.slice", { index });
    publisher = start();

    // No worker: Backlog N, and BacklogPerWorker N too (divided by max(1, 0)).
    const idle = await published(`Backlog ${N} with no worker`, (request) => valueIn(request, "Backlog", "fetch", fleet) === N);
    expect(idle.namespace).toBe(NAMESPACE);
    expect(valueIn(idle, "Workers", "fetch", fleet)).toBe(0);
    expect(valueIn(idle, "BacklogPerWorker", "fetch", fleet)).toBe(N);
    // Every scaled queue is there with both dimensions; the empty ones read 0.
    for (const queue of SCALED_QUEUES.filter((name) => name !== "fetch")) {
      expect(valueIn(idle, "Backlog", queue, fleet)).toBe(0);
      expect(valueIn(idle, "BacklogPerWorker", queue, fleet)).toBe(0);
    }
    expect(idle.data.every((datum) => datum.Unit === "Count" && datum.Dimensions?.length === 2)).toBe(true);

    // Two workers, each holding one job until released: 4 left for 2 workers.
    const gate = new Promise<void>((resolve) => (release = resolve));
    for (let index = 0; index < 2; index += 1) {
      const connection = createRedisConnection(testRedisUrl(), "worker");
      workerConnections.push(connection);
      const worker = new Worker("fetch", () => gate, { connection, prefix: set.prefix, concurrency: 1 });
      worker.on("error", () => undefined);
      workers.push(worker);
    }
    const busy = await published("2 workers, 4 jobs left", (request) => valueIn(request, "Workers", "fetch", fleet) === 2 && valueIn(request, "Backlog", "fetch", fleet) === N - 2);
    expect(valueIn(busy, "BacklogPerWorker", "fetch", fleet)).toBe((N - 2) / 2);

    // Released, the workers drain the queue: everything reads 0 but the workers.
    release();
    const drained = await published("the queue drained", (request) => valueIn(request, "Backlog", "fetch", fleet) === 0);
    expect(valueIn(drained, "BacklogPerWorker", "fetch", fleet)).toBe(0);
    expect(valueIn(drained, "Workers", "fetch", fleet)).toBe(2);
    expect(await set.queues.fetch.getCompletedCount()).toBe(N);
  });

  it("logs a failed publication and publishes on the next tick", async () => {
    const { lines, logger } = capturingLogger();
    cloudwatch.answerWith(500);
    const before = cloudwatch.requests.length;
    publisher = start(logger);
    // Several failed ticks in a row: the publisher keeps ticking.
    await eventually("two refused publications", () => cloudwatch.requests.slice(before).filter((request) => request.status === 500).length >= 2);
    const warning = lines.find((line) => line.msg === "backlog metrics not published");
    expect(warning?.level).toBe(40);
    expect(warning?.err).toMatch(/fake outage/);

    cloudwatch.answerWith(200);
    const recovered = await published("a publication after the outage", () => true, before);
    expect(valueIn(recovered, "Backlog", "fetch", set.prefix)).toBeTypeOf("number");
    await eventually("the recovery logged", () => lines.find((line) => line.msg === "backlog metrics published again"));
  });
});
