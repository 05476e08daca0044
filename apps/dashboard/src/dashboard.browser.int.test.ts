import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, listRuns, type Db } from "@recon/db";
import { dayWindow } from "@recon/domain";
import { createQueueSet, createRedisConnection, JOBS, setLiveRunHead, waitUntilReady, type QueueSet } from "@recon/queue";
import { CHROMIUM_ARGS, CHROMIUM_PATH, createTestDatabase, eventually, type TestDatabase, testRedisUrl, uniquePrefix } from "@recon/testing";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The sandbox is a test fixture here, not a dependency of the dashboard.
import { startSandbox, type Sandbox } from "../../../packages/sandbox/src/index";
import { startDashboard, type StartedDashboard } from "./start-dashboard";

const CLI = join(import.meta.dirname, "../../cli/src/main.ts");
const RUN_DATE = "2025-10-09";
const CREDENTIALS = { user: "ops", password: "correct horse battery staple" };
/**
 * How long the page may take to show something. Generous on purpose: on a busy 2-core machine
 * Chromium can take many seconds to lay out Bull Board; a test waits for states, not durations.
 */
const UI_TIMEOUT = 60_000;
/** Each fetch attempt makes 1 + 2 SDK retries; 2 job attempts → the first 6 requests fail. */
const FAILING_REQUESTS = [1, 2, 3, 4, 5, 6];


describe("dashboard in a browser", () => {
  let database: TestDatabase;
  let db: Db;
  let sandbox: Sandbox;
  let connection: QueueSet["connection"];
  let queues: QueueSet;
  let dashboard: StartedDashboard;
  let workers: ChildProcess;
  let workerOutput = "";
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  const prefix = uniquePrefix("dashboard");

  beforeAll(async () => {
    database = await createTestDatabase({ name: "dashboard" });
    db = createDb(database.url, { max: 2 });
    sandbox = await startSandbox({ runDates: [RUN_DATE], stripe: { faults: [{ type: "server_error", requests: FAILING_REQUESTS }] } });
    connection = createRedisConnection(testRedisUrl(), "producer");
    await waitUntilReady(connection);
    queues = createQueueSet(connection, prefix);
    dashboard = await startDashboard({ queues, db, credentials: CREDENTIALS, port: 0, host: "127.0.0.1" });
    // The fleet's own fetch and reconcile workers, in a separate process, pointed at the faulty emulator.
    workers = spawn(process.execPath, ["--import", "tsx", CLI, "workers", "--only", "fetch,reconcile"], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        STRIPE_API_KEY: sandbox.stripe.apiKey,
        STRIPE_API_BASE: sandbox.stripe.baseUrl,
        INTERNAL_API_URL: sandbox.ledger.baseUrl,
        INTERNAL_API_TOKEN: sandbox.ledger.token,
        HEALTH_PORT: "0",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    workers.stdout?.on("data", (chunk: Buffer) => (workerOutput += chunk.toString()));
    workers.stderr?.on("data", (chunk: Buffer) => (workerOutput += chunk.toString()));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    if (workers && workers.exitCode === null) {
      await new Promise((resolve) => {
        workers.once("exit", resolve);
        workers.kill("SIGTERM");
      });
    }
    await dashboard?.close();
    if (queues) {
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length > 0) await connection.del(...keys);
      await queues.close();
    }
    connection?.disconnect();
    await sandbox?.close();
    await db?.close();
    await database?.drop();
    for (const dir of profiles) await rm(dir, { recursive: true, force: true });
  });

  async function browser(httpCredentials?: { username: string; password: string }): Promise<BrowserContext> {
    // A fresh profile per context: nothing cached or remembered between runs.
    const profile = await mkdtemp(join(tmpdir(), "recon-chromium-"));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      ...(httpCredentials ? { httpCredentials } : {}),
    });
    contexts.push(context);
    return context;
  }

  /** A run of one day in one slice, with fetch jobs allowed only 2 attempts (the catalog says 5). */
  async function enqueueRun(): Promise<void> {
    const { start, end } = dayWindow(RUN_DATE);
    const parentId = `run-stripe-${RUN_DATE}-1`;
    // Built by hand (for its short fetch retries), so made live by hand: workers refuse a run that is not.
    await setLiveRunHead(queues, "stripe", RUN_DATE, parentId);
    await queues.flows.add({
      name: "reconcile.run",
      queueName: queues.queues.reconcile.name,
      data: { processor: "stripe", runDate: RUN_DATE, createdBy: "dashboard-test" },
      opts: { ...JOBS["reconcile.run"].options, jobId: parentId },
      children: (["processor", "internal"] as const).map((side) => ({
        name: "fetch.slice",
        queueName: queues.queues.fetch.name,
        data: { processor: "stripe", runDate: RUN_DATE, side, sliceIndex: 0, sliceStart: start.toISOString(), sliceEnd: end.toISOString() },
        opts: { ...JOBS["fetch.slice"].options, attempts: 2, backoff: { type: "fixed", delay: 200 }, jobId: `${parentId}-${side}-0` },
      })),
    });
  }

  it("refuses access without credentials", async () => {
    const context = await browser();
    const page = await context.newPage();
    // Chromium answers the Basic challenge by giving up when it has no credentials to offer.
    const outcome = await page.goto(`${dashboard.url}/queues`).then(
      (response) => `status ${response?.status()}`,
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/status 401|ERR_INVALID_AUTH_CREDENTIALS/);
    // Chromium may still be swapping in its own error page: poll until the content can be read,
    // and require that what it shows holds no queue.
    await expect
      .poll(() => page.content().catch(() => "(still navigating)"), { timeout: UI_TIMEOUT })
      .not.toMatch(/reconcile|\(still navigating\)/);
    const bare = await fetch(`${dashboard.url}/queues/api/queues`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toContain("Basic");
    const wrong = await fetch(`${dashboard.url}/queues/api/queues`, {
      headers: { authorization: `Basic ${Buffer.from("ops:wrong").toString("base64")}` },
    });
    expect(wrong.status).toBe(401);
  });

  it("shows a failed fetch job with its error; Retry runs it again and the run completes", async () => {
    await enqueueRun();
    const failedId = `run-stripe-${RUN_DATE}-1-processor-0`;
    await eventually("the processor slice has failed for good", async () => (await queues.queues.fetch.getJobState(failedId)) === "failed", { timeoutMs: 60_000 });
    expect(sandbox.stripe.requestCount()).toBe(FAILING_REQUESTS.length);
    // The run is marked failed while the slice waits for an operator.
    expect((await listRuns(db, { processor: "stripe", runDate: RUN_DATE }))[0]?.status).toBe("failed");

    const context = await browser({ username: CREDENTIALS.user, password: CREDENTIALS.password });
    const page = await context.newPage();
    const response = await page.goto(`${dashboard.url}/queues/queue/fetch?status=failed`);
    expect(response?.status()).toBe(200);
    // The job card shows the job and the error the emulator caused.
    const card = page.locator(`text=${failedId}`).first();
    await card.waitFor({ timeout: UI_TIMEOUT });
    await page.getByText("An unknown error occurred. Please try again later.").first().waitFor({ timeout: UI_TIMEOUT });

    // The card's action buttons are icons; hovering one shows its name, and the first is Retry.
    const header = page.getByText(failedId, { exact: true }).first().locator("xpath=ancestor::*[.//button][1]");
    const retry = header.locator("button").first();
    await retry.hover();
    await page.getByText("Retry", { exact: true }).first().waitFor({ timeout: UI_TIMEOUT });
    await retry.click();
    // Bull Board may ask to confirm: click Confirm if it shows, until the job has left `failed`
    // (waiting a fixed time for the dialog would miss it on a slow machine).
    const confirm = page.getByRole("button", { name: "Confirm" });
    await eventually("the retry is accepted", async () => {
      if ((await queues.queues.fetch.getJobState(failedId)) !== "failed") return true;
      if (await confirm.isVisible()) await confirm.click().catch(() => undefined);
      return false;
    }, { timeoutMs: 60_000 });

    await eventually("the retried slice completes", async () => (await queues.queues.fetch.getJobState(failedId)) === "completed", { timeoutMs: 60_000 });
    await eventually(
      "the run completes",
      async () => (await listRuns(db, { processor: "stripe", runDate: RUN_DATE }))[0]?.status === "completed", { timeoutMs: 60_000 },
    );
    const [run] = await listRuns(db, { processor: "stripe", runDate: RUN_DATE });
    expect(run?.processorTransactionCount).toBe(sandbox.truth("stripe", RUN_DATE).processorCount);

    // The runs page beside Bull Board shows it.
    await page.goto(`${dashboard.url}/runs`);
    await expect(page.locator("td span.badge.completed").first().textContent()).resolves.toBe("completed");
  });
});
