import { PermanentError, RetryLaterError } from "@recon/domain";
import { Writable } from "node:stream";
import { createLogger } from "@recon/runtime";
import type { Job } from "bullmq";
import { afterEach, describe, expect, vi } from "vitest";
import type { JobPayload } from "./catalog";
import { defineWorker, type JobContext } from "./define-worker";
import { enqueue } from "./queues";
import { eventually, redisTest } from "@recon/testing";
import { openRedisFixture, type RedisFixture } from "./redis-test-fixture";

let fx: RedisFixture;

redisTest.beforeEach(async ({ redisPrefix }) => {
  fx = await openRedisFixture(redisPrefix);
});

afterEach(async () => {
  await fx.cleanup();
});

const slice: JobPayload<"fetch.slice"> = {
  processor: "stripe",
  runDate: "2025-01-15",
  side: "processor",
  sliceIndex: 0,
  sliceStart: "2025-01-15T00:00:00.000Z",
  sliceEnd: "2025-01-16T00:00:00.000Z",
};

type Handler = (payload: JobPayload<"fetch.slice">, ctx: JobContext) => Promise<unknown>;

async function startFetchWorker(handler: Handler, logger = fx.logger) {
  const worker = defineWorker("fetch", { "fetch.slice": handler }, { connection: await fx.workerConnection(), prefix: fx.prefix, logger });
  return fx.track(worker);
}

/** A debug-level logger whose records the test reads back. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ name: "test", level: "debug", destination });
  const records = () => lines.map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string; err?: string });
  return { logger, records };
}

/** Waits until the job is completed or failed and returns it as stored. */
async function finished(id: string): Promise<Job> {
  return eventually(`job ${id} to finish`, async () => {
    const job = await fx.set.queues.fetch.getJob(id);
    return job?.finishedOn ? job : undefined;
  });
}

describe("defineWorker", () => {
  redisTest("fails a job whose payload is invalid at once, without retries or calling the handler", async () => {
    const handler = vi.fn<Handler>(() => Promise.resolve());
    await startFetchWorker(handler);
    // Straight onto the queue, bypassing enqueue()'s validation.
    await fx.set.queues.fetch.add("fetch.slice", { ...slice, runDate: "2025-02-30" }, { jobId: "bad", attempts: 3 });

    const job = await finished("bad");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain("invalid fetch.slice payload");
    expect(job.failedReason).toContain("runDate");
    expect(handler).not.toHaveBeenCalled();
  });

  redisTest("fails a job it has no handler for at once", async () => {
    await startFetchWorker(() => Promise.resolve());
    await fx.set.queues.fetch.add("reconcile.run", { processor: "stripe", runDate: "2025-01-15", createdBy: "t" }, { jobId: "stray", attempts: 3 });
    const job = await finished("stray");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('no handler for job "reconcile.run"');
  });

  redisTest("fails a job at once on a PermanentError, with its message, however many attempts it has", async () => {
    const handler = vi.fn<Handler>(() => Promise.reject(new PermanentError("bad credentials")));
    await startFetchWorker(handler);
    await fx.set.queues.fetch.add("fetch.slice", slice, { jobId: "permanent", attempts: 5, backoff: { type: "fixed", delay: 10 } });

    const job = await finished("permanent");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe("bad credentials");
    expect(handler).toHaveBeenCalledTimes(1);
  });

  redisTest("fails at once on a PermanentError subclass too, with the catalog's attempts", async () => {
    class CredentialsError extends PermanentError {}
    const handler = vi.fn<Handler>(() => Promise.reject(new CredentialsError("STRIPE_API_KEY was rejected by Stripe (401)")));
    await startFetchWorker(handler);
    await enqueue(fx.set, "fetch.slice", slice, { jobId: "permanent-subclass" });

    const job = await finished("permanent-subclass");
    expect(job.opts.attempts).toBe(8);
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe("STRIPE_API_KEY was rejected by Stripe (401)");
    expect(handler).toHaveBeenCalledTimes(1);
  });

  redisTest("retries an error that only looks permanent: the policy is instanceof PermanentError, nothing else", async () => {
    const handler = vi.fn<Handler>(() => Promise.reject(Object.assign(new Error("duck"), { permanent: true })));
    await startFetchWorker(handler);
    await fx.set.queues.fetch.add("fetch.slice", slice, { jobId: "duck", attempts: 2 });

    const job = await finished("duck");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(2);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  redisTest("puts a job back to delayed on a RetryLaterError without spending an attempt, then runs it again", async () => {
    const calls: Array<{ attemptsMade: number; at: number }> = [];
    const handler = vi.fn<Handler>((_payload, ctx) => {
      calls.push({ attemptsMade: ctx.job.attemptsMade, at: Date.now() });
      return calls.length < 3 ? Promise.reject(new RetryLaterError(300, "not ready yet")) : Promise.resolve({ fetched: 1 });
    });
    const log = capturedLogger();
    await startFetchWorker(handler, log.logger);
    // One attempt only: a RetryLaterError counted as a failure would fail the job for good.
    await fx.set.queues.fetch.add("fetch.slice", slice, { jobId: "later", attempts: 1 });

    await eventually("the job to be delayed", async () => ((await fx.set.queues.fetch.getJobState("later")) === "delayed" ? true : undefined));
    const job = await finished("later");
    expect(await job.getState()).toBe("completed");
    expect(job.returnvalue).toEqual({ fetched: 1 });
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBeUndefined();
    expect(calls.map((call) => call.attemptsMade)).toEqual([0, 0, 0]);
    // Each run came no earlier than the delay asked for.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(300);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(300);
    // An expected wait is logged as one, at debug (20), and never as a failure (warn 40 and up).
    const records = log.records();
    expect(records.filter((r) => r.msg === "job waits, as expected").map((r) => [r.level, r.reason])).toEqual([
      [20, "not ready yet"],
      [20, "not ready yet"],
    ]);
    expect(records.filter((r) => r.level >= 40)).toEqual([]);
  });

  redisTest("retries an ordinary error, and isFinalAttempt is true only on the last attempt", async () => {
    const finalFlags: boolean[] = [];
    const handler = vi.fn<Handler>((_payload, ctx) => {
      finalFlags.push(ctx.isFinalAttempt);
      return Promise.reject(new Error("ECONNRESET"));
    });
    const log = capturedLogger();
    await startFetchWorker(handler, log.logger);
    await fx.set.queues.fetch.add("fetch.slice", slice, { jobId: "flaky", attempts: 2 });

    const job = await finished("flaky");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(2);
    expect(job.failedReason).toBe("ECONNRESET");
    expect(handler).toHaveBeenCalledTimes(2);
    expect(finalFlags).toEqual([false, true]);
    // A failed attempt that will be retried is a warning; the last one is the failure.
    await eventually("both failures logged", () => (log.records().filter((r) => r.level >= 40).length === 2 ? true : undefined));
    expect(log.records().filter((r) => r.level >= 40).map((r) => [r.level, r.msg, r.err])).toEqual([
      [40, "job attempt failed; BullMQ retries it with backoff", "ECONNRESET"],
      [50, "job failed for good", "ECONNRESET"],
    ]);
  });

  redisTest("completes after a retry, passing the validated payload and the handler's result", async () => {
    const finalFlags: boolean[] = [];
    const payloads: unknown[] = [];
    await startFetchWorker((payload, ctx) => {
      finalFlags.push(ctx.isFinalAttempt);
      payloads.push(payload);
      return finalFlags.length < 3 ? Promise.reject(new Error("timeout")) : Promise.resolve({ fetched: 42 });
    });
    await fx.set.queues.fetch.add("fetch.slice", { ...slice, unknownField: true }, { jobId: "eventually", attempts: 4 });

    const job = await finished("eventually");
    expect(await job.getState()).toBe("completed");
    expect(job.returnvalue).toEqual({ fetched: 42 });
    expect(finalFlags).toEqual([false, false, false]);
    expect(payloads).toEqual([slice, slice, slice]);
  });

  redisTest("treats a job without attempts as on its final attempt", async () => {
    const finalFlags: boolean[] = [];
    await startFetchWorker((_payload, ctx) => {
      finalFlags.push(ctx.isFinalAttempt);
      return Promise.reject(new Error("nope"));
    });
    await fx.set.queues.fetch.add("fetch.slice", slice, { jobId: "once" });
    const job = await finished("once");
    expect(job.attemptsMade).toBe(1);
    expect(finalFlags).toEqual([true]);
  });
});

describe("enqueue", () => {
  redisTest("rejects an invalid payload before touching Redis", async () => {
    const add = vi.spyOn(fx.set.queues.fetch, "add");
    await expect(enqueue(fx.set, "fetch.slice", { ...slice, processor: "venmo" as "stripe" }, { jobId: "never" })).rejects.toThrow(
      /invalid fetch\.slice payload: processor: /,
    );
    expect(add).not.toHaveBeenCalled();
    expect(await fx.set.queues.fetch.getJob("never")).toBeUndefined();
    expect(await fx.set.queues.fetch.count()).toBe(0);
  });

  redisTest("adds a valid payload with the catalog's options", async () => {
    const job = await enqueue(fx.set, "fetch.slice", slice, { jobId: "good" });
    const stored = await fx.set.queues.fetch.getJob("good");
    expect(job.id).toBe("good");
    expect(stored!.data).toEqual(slice);
    expect(stored!.opts.attempts).toBe(8);
    expect(stored!.opts.backoff).toEqual({ type: "exponential", delay: 2_000 });
  });
});
