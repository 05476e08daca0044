// A fetch worker killed (SIGKILL) in the middle of a slice, after its first page is written:
// BullMQ's stalled-job recovery hands the slice to a second worker, which fetches it again.
// Upserts on (processor, external id) make the retry exact: no duplicate, nothing missing.
import { blankSourceSettings } from "@recon/sources";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createFleetContext, fleetEnv, type FetchingFleetContext } from "@recon/fleet";
import { parseEnv } from "@recon/runtime";
import { createTestDatabase, testRedisUrl, uniquePrefix, eventually, type TestDatabase, silentLogger } from "@recon/testing";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFetchWorker } from "./start";
import { addWholeDaySlice } from "./testing/whole-day-slice";

const DATE = "2025-10-09";
const CHILD = join(import.meta.dirname, "fixtures", "fetch-worker-child.ts");

let database: TestDatabase;
let env: Record<string, string | undefined>;
let ctx: FetchingFleetContext | undefined;
let child: ChildProcess | undefined;
let worker: Worker | undefined;

beforeAll(async () => {
  database = await createTestDatabase({ name: "fetch_crash" });
  env = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("fetch-crash"),
    // Both this process and the child run the built-in emulators (deterministic: the same data).
    RECON_SANDBOX: "true",
    ...blankSourceSettings(),
    LOG_LEVEL: "warn",
    WORKER_CONCURRENCY: "1",
  };
  ctx = await createFleetContext(parseEnv(fleetEnv, env), silentLogger(), { sources: {} });
});

afterAll(async () => {
  child?.kill("SIGKILL");
  await worker?.close();
  await ctx?.close();
  await database?.drop();
});

async function count(): Promise<number> {
  const { rows } = await ctx!.db.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM processor_transactions WHERE processor = 'stripe'");
  return Number(rows[0]?.n);
}

describe("a fetch worker killed mid-slice", () => {
  it("leaves no duplicate and no missing transaction once a second worker recovers the stalled job", async () => {
    child = spawn(process.execPath, ["--import", "tsx", CHILD], { env, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      child!.once("exit", (code) => reject(new Error(`the child worker exited early (${code})`)));
    });

    const job = await addWholeDaySlice(ctx!.queues, "stripe", DATE, "crash");

    // The first page (100 of the day's records) is written, then the child hangs on the second: kill it there.
    const written = await eventually("the first page", async () => ((await count()) >= 100 ? count() : undefined), { timeoutMs: 30_000 });
    const truth = ctx!.sources.sandbox!.truth("stripe", DATE);
    expect(written).toBe(100);
    expect(written).toBeLessThan(truth.processorCount);
    expect(await job.getState()).toBe("active");
    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));

    // A second worker finds the job stalled (its lock expired with the dead process) and runs it
    // again. BullMQ checks a queue for stalled jobs at most once per stalledInterval across all its
    // workers and moves a job on its second sighting, so with the default 30 s the handover takes
    // up to a minute; both workers here check every second, which keeps the same mechanism.
    worker = startFetchWorker(ctx!, { stalledInterval: 1_000 });
    const state = await eventually(
      "the recovered job to complete",
      async () => {
        const s = await ctx!.queues.queues.fetch.getJobState(job.id!);
        return s === "completed" || s === "failed" ? s : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(state).toBe("completed");

    const { rows } = await ctx!.db.pool.query<{ external_id: string }>(
      "SELECT external_id FROM processor_transactions WHERE processor = 'stripe' ORDER BY external_id",
    );
    expect(rows).toHaveLength(truth.processorCount);
    const served: string[] = [];
    for await (const page of ctx!.sources.processor("stripe").fetch({ start: new Date(`${DATE}T00:00:00Z`), end: new Date("2025-10-10T00:00:00Z") })) {
      served.push(...page.records.map((r) => r.externalId));
    }
    expect(rows.map((r) => r.external_id)).toEqual(served.sort());
    const finished = await ctx!.queues.queues.fetch.getJob(job.id!);
    expect(finished?.returnvalue).toMatchObject({ fetched: truth.processorCount, pages: Math.ceil(truth.processorCount / 100) });
  });
});
