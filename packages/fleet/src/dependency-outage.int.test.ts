// Issue 12, "workers survive their dependencies": a worker app (runWorkerApp) as a child process
// loses Postgres connections (idle and checked out in a job) and Redis, and lives on.
import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createDb, withDatabase } from "@recon/db";
import { createQueueSet, createRedisConnection, enqueue, waitUntilReady, type QueueSet } from "@recon/queue";
import { createTestDatabase, startOwnRedisServer, testPostgresServerUrl, testRedisUrl, uniquePrefix, eventually } from "@recon/testing";
import { afterEach, describe, expect, it } from "vitest";

const FIXTURE = join(import.meta.dirname, "outage-fixture.app.ts");
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups.length = 0;
});

interface Fixture {
  child: ChildProcess;
  alive(): boolean;
  /** GET /readyz: status and the checks that failed. */
  readiness(): Promise<{ status: number; failing: string[] }>;
  output(): string;
}

async function startFixture(env: NodeJS.ProcessEnv): Promise<Fixture> {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: { ...process.env, HEALTH_PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  cleanups.push(() => Promise.resolve(child.exitCode === null && child.kill("SIGKILL")));
  const url = await eventually("the fixture's health server", () => Promise.resolve(/"url":"(http:[^"]+)"/.exec(output)?.[1] ?? (child.exitCode === null ? undefined : "exited")), { timeoutMs: 120_000 });
  if (url === "exited") throw new Error(`fixture exited: ${output}`);
  return {
    child,
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    async readiness() {
      const response = await fetch(`${url}/readyz`);
      const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
      return { status: response.status, failing: Object.keys(body.checks).filter((name) => !body.checks[name]!.ok) };
    },
  };
}

/** Waits for /readyz to answer `status`, naming `failing` among the failed checks (none for 200). */
const waitReadiness = (fixture: Fixture, status: 200 | 503, failing?: string) =>
  eventually(`/readyz ${status} ${failing ?? ""}`, async () => {
    const answer = await fixture.readiness();
    const named = failing === undefined ? answer.failing.length === 0 : answer.failing.includes(failing);
    return answer.status === status && named ? answer : undefined;
  }, { timeoutMs: 60_000 });

async function openQueues(redisUrl: string, prefix: string): Promise<QueueSet> {
  const connection = createRedisConnection(redisUrl, "producer");
  await waitUntilReady(connection);
  const set = createQueueSet(connection, prefix);
  cleanups.push(async () => {
    await set.close();
    connection.disconnect();
  });
  return set;
}

/** Runs one holding job: `whileHeld` runs while the job holds a checked-out Postgres client. */
async function holdingJob(set: QueueSet, whileHeld: () => Promise<unknown>): Promise<{ connectionLost: boolean }> {
  const eventId = randomUUID();
  const job = await enqueue(set, "notify.send", { eventId, eventType: "run.failed", runId: randomUUID() });
  await eventually("the job holds a connection", async () => ((await set.connection.get(`${set.prefix}:test:holding`)) === eventId ? true : undefined), { timeoutMs: 60_000 });
  await whileHeld();
  await set.connection.set(`${set.prefix}:test:release:${eventId}`, "1");
  await eventually("the job completed", async () => ((await job.getState()) === "completed" ? true : undefined), { timeoutMs: 60_000 });
  return (await set.queues.notify.getJob(job.id!))!.returnvalue as { connectionLost: boolean };
}

describe("a worker app survives its dependencies", () => {
  it("Postgres: backends terminated idle and mid-job, then connections refused: alive, /readyz 503 naming postgres, then 200, jobs complete", async () => {
    const database = await createTestDatabase({ name: "outage" });
    const admin = createDb(withDatabase(await testPostgresServerUrl(), "postgres"), { max: 1 }).pool;
    const name = database.url.split("/").pop()!.split("?")[0]!;
    cleanups.push(async () => {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
      await database.drop();
    });
    const applicationName = uniquePrefix("outage_app");
    const terminate = async () =>
      (await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [applicationName])).rowCount ?? 0;
    const prefix = uniquePrefix("outage_pg");
    const set = await openQueues(testRedisUrl(), prefix);
    const fixture = await startFixture({ DATABASE_URL: `${database.url}?application_name=${applicationName}`, QUEUE_PREFIX: prefix });
    await waitReadiness(fixture, 200);

    // Idle: the pool keeps the connection /readyz used.
    expect(await terminate()).toBeGreaterThan(0);
    await waitReadiness(fixture, 200);
    expect(fixture.alive(), fixture.output()).toBe(true);

    // Checked out: the job's own client loses its connection while the job holds it.
    expect(await holdingJob(set, async () => expect(await terminate()).toBeGreaterThan(0))).toEqual({ connectionLost: true });
    expect(fixture.alive(), fixture.output()).toBe(true);

    // Down: Postgres refuses this database's connections until allowed again.
    await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    await terminate();
    await waitReadiness(fixture, 503, "postgres");
    expect(fixture.alive(), fixture.output()).toBe(true);
    await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    await waitReadiness(fixture, 200);
    expect(await holdingJob(set, () => Promise.resolve())).toEqual({ connectionLost: false });
    expect(fixture.alive(), fixture.output()).toBe(true);
  });

  it("Redis: stopped and started again: alive, /readyz 503 naming redis, then 200, a job completes", async () => {
    const redis = await startOwnRedisServer();
    cleanups.push(() => redis.stop());
    const database = await createTestDatabase({ name: "outage_redis" });
    cleanups.push(() => database.drop());
    const prefix = uniquePrefix("outage_redis");
    const fixture = await startFixture({ DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    await waitReadiness(fixture, 200);

    await redis.stop();
    await waitReadiness(fixture, 503, "redis");
    expect(fixture.alive(), fixture.output()).toBe(true);
    await redis.start();
    await waitReadiness(fixture, 200);
    const set = await openQueues(redis.url, prefix);
    expect(await holdingJob(set, () => Promise.resolve())).toEqual({ connectionLost: false });
    expect(fixture.alive(), fixture.output()).toBe(true);
  });
});
