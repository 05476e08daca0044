import type { Job } from "bullmq";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobPayload } from "./catalog";
import { defineWorker, type JobContext } from "./define-worker";
import { enqueue } from "./queues";
import { waitFor } from "@recon/testing";
import { openRedisFixture, type RedisFixture } from "./redis-test-fixture";

let fx: RedisFixture;

beforeEach(async () => {
  fx = await openRedisFixture("define_worker");
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

async function startFetchWorker(handler: Handler) {
  const worker = defineWorker("fetch", { "fetch.slice": handler }, { connection: await fx.workerConnection(), prefix: fx.prefix, logger: fx.logger });
  return fx.track(worker);
}

/** Waits until the job is completed or failed and returns it as stored. */
async function finished(id: string): Promise<Job> {
  return waitFor(`job ${id} to finish`, async () => {
    const job = await fx.set.queues.fetch.getJob(id);
    return job?.finishedOn ? job : undefined;
  });
}

describe("defineWorker", () => {
  it("fails a job whose payload is invalid at once, without retries or calling the handler", async () => {
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

  it("fails a job it has no handler for at once", async () => {
    await startFetchWorker(() => Promise.resolve());
    await fx.set.queues.fetch.add("reconcile.run", { processor: "stripe", runDate: "2025-01-15", createdBy: "t" }, { jobId: "stray", attempts: 3 });
    const job = await finished("stray");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('no handler for job "reconcile.run"');
  });

  it("does not retry an error marked permanent", async () => {
    const handler = vi.fn<Handler>(() => Promise.reject(Object.assign(new Error("bad credentials"), { permanent: true })));
    await startFetchWorker(handler);
    await enqueue(fx.set, "fetch.slice", slice, { jobId: "permanent" });

    const job = await finished("permanent");
    expect(job.opts.attempts).toBe(8);
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe("bad credentials");
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("retries an ordinary error, and isFinalAttempt is true only on the last attempt", async () => {
    const finalFlags: boolean[] = [];
    const handler = vi.fn<Handler>((_payload, ctx) => {
      finalFlags.push(ctx.isFinalAttempt);
      return Promise.reject(new Error("ECONNRESET"));
    });
    await startFetchWorker(handler);
    await fx.set.queues.fetch.add("fetch.slice", slice, { jobId: "flaky", attempts: 2 });

    const job = await finished("flaky");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(2);
    expect(job.failedReason).toBe("ECONNRESET");
    expect(handler).toHaveBeenCalledTimes(2);
    expect(finalFlags).toEqual([false, true]);
  });

  it("completes after a retry, passing the validated payload and the handler's result", async () => {
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

  it("treats a job without attempts as on its final attempt", async () => {
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
  it("rejects an invalid payload before touching Redis", async () => {
    const add = vi.spyOn(fx.set.queues.fetch, "add");
    await expect(enqueue(fx.set, "fetch.slice", { ...slice, processor: "venmo" as "stripe" }, { jobId: "never" })).rejects.toThrow(
      /invalid fetch\.slice payload: processor: /,
    );
    expect(add).not.toHaveBeenCalled();
    expect(await fx.set.queues.fetch.getJob("never")).toBeUndefined();
    expect(await fx.set.queues.fetch.count()).toBe(0);
  });

  it("adds a valid payload with the catalog's options", async () => {
    const job = await enqueue(fx.set, "fetch.slice", slice, { jobId: "good" });
    const stored = await fx.set.queues.fetch.getJob("good");
    expect(job.id).toBe("good");
    expect(stored!.data).toEqual(slice);
    expect(stored!.opts.attempts).toBe(8);
    expect(stored!.opts.backoff).toEqual({ type: "exponential", delay: 2_000 });
  });
});
