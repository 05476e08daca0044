import { UnrecoverableError, Worker } from "bullmq";
import { afterEach, describe, expect } from "vitest";
import type { JobPayload } from "./catalog";
import { eventually, redisTest } from "@recon/testing";
import { openRedisFixture, type RedisFixture } from "./redis-test-fixture";
import { triggerRun } from "./run-flow";

let fx: RedisFixture;

redisTest.beforeEach(async ({ redisPrefix }) => {
  fx = await openRedisFixture(redisPrefix);
});

afterEach(async () => {
  await fx.cleanup();
});

const base = { processor: "stripe" as const, createdBy: "test" };

async function fetchSlices(jobId: string, slices: number) {
  const out: Record<"processor" | "internal", JobPayload<"fetch.slice">[]> = { processor: [], internal: [] };
  for (const side of ["processor", "internal"] as const) {
    for (let index = 0; index < slices; index += 1) {
      const job = await fx.set.queues.fetch.getJob(`${jobId}-${side}-${index}`);
      expect(job, `${jobId}-${side}-${index}`).toBeDefined();
      expect(job!.name).toBe("fetch.slice");
      expect(job!.parentKey).toBe(`${fx.prefix}:reconcile:${jobId}`);
      out[side].push(job!.data as JobPayload<"fetch.slice">);
    }
  }
  return out;
}

async function settle(jobId: string, state: "completed" | "failed") {
  await eventually(`${jobId} ${state}`, async () => ((await fx.set.queues.reconcile.getJobState(jobId)) === state ? true : undefined));
}

describe("triggerRun (no workers)", () => {
  redisTest("joins the run in flight for the same (processor, date)", async () => {
    const first = await triggerRun(fx.set, { ...base, runDate: "2025-01-15", slices: 4 });
    expect(first).toEqual({ jobId: "run-stripe-2025-01-15-1", joined: false });
    const second = await triggerRun(fx.set, { ...base, runDate: "2025-01-15", slices: 4 });
    expect(second).toEqual({ jobId: first.jobId, joined: true });

    expect(await fx.set.queues.reconcile.getJobState(first.jobId)).toBe("waiting-children");
    const counts = await fx.set.queues.fetch.getJobCounts("waiting");
    expect(counts.waiting).toBe(8);
    // The join added nothing: still one run waiting for its children.
    expect(await fx.set.queues.reconcile.getJobCounts("waiting-children", "waiting")).toEqual({ "waiting-children": 1, waiting: 0 });

    // Another day or processor is a different run.
    const otherDay = await triggerRun(fx.set, { ...base, runDate: "2025-01-16", slices: 4 });
    const otherProcessor = await triggerRun(fx.set, { ...base, processor: "paypal", runDate: "2025-01-15", slices: 4 });
    expect(otherDay).toEqual({ jobId: "run-stripe-2025-01-16-1", joined: false });
    expect(otherProcessor).toEqual({ jobId: "run-paypal-2025-01-15-1", joined: false });
  });

  redisTest("adds 2 sides × slices fetch children whose windows tile the day exactly", async () => {
    // 7 does not divide a day in whole milliseconds: rounding must still leave no gap or overlap.
    const slices = 7;
    const { jobId } = await triggerRun(fx.set, { ...base, runDate: "2024-02-29", slices });
    const reconcile = await fx.set.queues.reconcile.getJob(jobId);
    expect(reconcile!.data).toEqual({ processor: "stripe", runDate: "2024-02-29", createdBy: "test" });
    const dependencies = await reconcile!.getDependenciesCount();
    expect(dependencies.unprocessed).toBe(2 * slices);
    expect(await fx.set.queues.fetch.count()).toBe(2 * slices);

    const bySide = await fetchSlices(jobId, slices);
    for (const side of ["processor", "internal"] as const) {
      const windows = bySide[side];
      expect(windows.map((w) => w.sliceIndex)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const w of windows) expect(w).toMatchObject({ processor: "stripe", runDate: "2024-02-29", side });
      expect(windows[0]!.sliceStart).toBe("2024-02-29T00:00:00.000Z");
      expect(windows.at(-1)!.sliceEnd).toBe("2024-03-01T00:00:00.000Z");
      for (let index = 1; index < windows.length; index += 1) {
        expect(windows[index]!.sliceStart).toBe(windows[index - 1]!.sliceEnd);
      }
      for (const w of windows) expect(Date.parse(w.sliceEnd)).toBeGreaterThan(Date.parse(w.sliceStart));
      const covered = windows.reduce((sum, w) => sum + Date.parse(w.sliceEnd) - Date.parse(w.sliceStart), 0);
      expect(covered).toBe(86_400_000);
    }
  });

  redisTest("adds no fetch children with skipFetch", async () => {
    const { jobId } = await triggerRun(fx.set, { ...base, runDate: "2025-01-15", slices: 4, skipFetch: true });
    expect(await fx.set.queues.fetch.count()).toBe(0);
    expect(await fx.set.queues.fetch.getJob(`${jobId}-processor-0`)).toBeUndefined();
    expect(await fx.set.queues.reconcile.getJobState(jobId)).toBe("waiting");
  });

  redisTest("yields exactly one run for concurrent triggers", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => triggerRun(fx.set, { ...base, runDate: "2025-03-01", slices: 2 })),
    );
    expect(new Set(results.map((r) => r.jobId))).toEqual(new Set(["run-stripe-2025-03-01-1"]));
    expect(results.filter((r) => !r.joined)).toHaveLength(1);
    expect(await fx.set.queues.fetch.count()).toBe(4);
    expect(await fx.set.queues.reconcile.getJobCounts("waiting-children", "waiting")).toEqual({ "waiting-children": 1, waiting: 0 });
  });
});

describe("triggerRun after the run finished", () => {
  redisTest("starts generation 2 once the run completed", async () => {
    const seen: string[] = [];
    const connection = await fx.workerConnection();
    for (const queue of [fx.set.queues.fetch, fx.set.queues.reconcile]) {
      const worker = fx.track(
        new Worker(
          queue.name,
          (job) => {
            seen.push(job.id!);
            return Promise.resolve("ok");
          },
          { connection, prefix: fx.prefix },
        ),
      );
      worker.on("error", () => undefined);
    }

    const first = await triggerRun(fx.set, { ...base, runDate: "2025-01-15", slices: 2 });
    await settle(first.jobId, "completed");
    expect(seen).toHaveLength(5);
    expect(seen.at(-1)).toBe(first.jobId);

    const second = await triggerRun(fx.set, { ...base, runDate: "2025-01-15", slices: 2 });
    expect(second).toEqual({ jobId: "run-stripe-2025-01-15-2", joined: false });
    expect(second.jobId).not.toBe(first.jobId);
    await settle(second.jobId, "completed");
    expect(seen).toContain("run-stripe-2025-01-15-2-internal-1");
  });

  redisTest("starts generation 2 once the run failed", async () => {
    const connection = await fx.workerConnection();
    const worker = fx.track(
      new Worker(fx.set.queues.reconcile.name, () => Promise.reject(new UnrecoverableError("no ledger")), {
        connection,
        prefix: fx.prefix,
      }),
    );
    worker.on("error", () => undefined);

    const first = await triggerRun(fx.set, { ...base, runDate: "2025-01-15", slices: 2, skipFetch: true });
    await settle(first.jobId, "failed");
    const second = await triggerRun(fx.set, { ...base, runDate: "2025-01-15", slices: 2, skipFetch: true });
    expect(second).toEqual({ jobId: "run-stripe-2025-01-15-2", joined: false });
  });
});
