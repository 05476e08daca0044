import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createQueueSet, createRedisConnection, enqueue, type QueueSet } from "@recon/queue";
import { dbRedisTest, eventually, testRedisUrl } from "@recon/testing";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterEach, describe, expect } from "vitest";

const FIXTURE = join(import.meta.dirname, "shutdown-fixture.app.ts");



// Every worker app checks Postgres and claims its database's mode at start; the fixture's jobs touch no table.
function startFixture(databaseUrl: string, prefix: string, shutdownTimeoutMs: number): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
      HEALTH_PORT: "0",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Sends SIGTERM and resolves with the exit code and how long the process took to exit. */
function terminate(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve({ code, ms: Date.now() - started }));
    child.kill("SIGTERM");
  });
}

describe("graceful shutdown of a worker app", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  });

  /** The test's queues under its own prefix (redisTest deletes the keys after the test). */
  function openQueues(redis: Redis, prefix: string): QueueSet {
    const set = createQueueSet(redis, prefix);
    cleanups.push(() => set.close());
    return set;
  }

  const payload = { eventId: "00000000-0000-4000-8000-00000000000a", eventType: "run.failed", runId: "00000000-0000-4000-8000-00000000000b" } as const;
  const completions = (set: QueueSet) => set.connection.hget(`${set.prefix}:test:completions`, payload.eventId);

  dbRedisTest("finishes the active job, then exits within the timeout: the job completed once, by this worker", async ({ database, redis, redisPrefix }) => {
    const set = openQueues(redis, redisPrefix);
    const { child, output } = startFixture(database.url, set.prefix, 10_000);
    cleanups.push(() => Promise.resolve(child.exitCode === null && child.kill("SIGKILL")));
    await eventually("the fixture is up", () => output().includes("shutdown-fixture started"), { timeoutMs: 30_000 });
    const job = await enqueue(set, "notify.send", payload);
    await eventually("the job is active", async () => (await job.getState()) === "active", { timeoutMs: 30_000 });

    const exit = await terminate(child);
    expect(exit.code, output()).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    expect(await set.queues.notify.getJobState(job.id!)).toBe("completed");
    expect(await completions(set)).toBe("1");
    expect((await set.queues.notify.getJob(job.id!))?.returnvalue).toEqual({ completedBy: child.pid });
  });

  dbRedisTest("exits at the timeout when the job runs longer, and another worker completes the job once", async ({ database, redis, redisPrefix }) => {
    const set = openQueues(redis, redisPrefix);
    const { child, output } = startFixture(database.url, set.prefix, 1_000);
    cleanups.push(() => Promise.resolve(child.exitCode === null && child.kill("SIGKILL")));
    await eventually("the fixture is up", () => output().includes("shutdown-fixture started"), { timeoutMs: 30_000 });
    const job = await enqueue(set, "notify.send", payload);
    await eventually("the job is active", async () => (await job.getState()) === "active", { timeoutMs: 30_000 });

    const exit = await terminate(child);
    expect(exit.code, output()).toBe(1);
    expect(exit.ms).toBeLessThan(1_000 + 1_500);
    expect(output()).toContain("shutdown timed out");
    expect(await completions(set)).toBeNull();

    // Another replica: it finds the abandoned job once its lock lapses and completes it. BullMQ
    // runs the stalled-job check at most once per stalledInterval per queue (30 s by default);
    // both workers here check every 500 ms, so the handover takes seconds.
    const connection = createRedisConnection(testRedisUrl(), "worker");
    const other = new Worker(
      set.queues.notify.name,
      async () => {
        await set.connection.hincrby(`${set.prefix}:test:completions`, payload.eventId, 1);
        return { completedBy: "other" };
      },
      { connection, prefix: set.prefix, stalledInterval: 500, lockDuration: 2_000 },
    );
    cleanups.push(async () => {
      await other.close();
      connection.disconnect();
    });
    await eventually("the other worker completes the job", async () => (await set.queues.notify.getJobState(job.id!)) === "completed", { timeoutMs: 60_000 }).catch(
      async (error: unknown) => {
        const again = await set.queues.notify.getJob(job.id!);
        throw new Error(`${(error as Error).message}: ${await again?.getState()} ${again?.failedReason} ${JSON.stringify(await set.queues.notify.getJobCounts())}`);
      },
    );
    expect(await completions(set)).toBe("1");
    expect((await set.queues.notify.getJob(job.id!))?.returnvalue).toEqual({ completedBy: "other" });
  });
});
