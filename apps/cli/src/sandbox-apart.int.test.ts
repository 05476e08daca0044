// Must-show 1 of issue 13, second half: with the sandbox asked for (--sandbox), its data never
// shows in a real run of the same processor and day. The real run has credentials pointing at
// emulators this test starts with another seed, so every record of the two days differs; each
// run has the database its mode defaults to (separate ones, as recon_sandbox is beside recon) and
// both share one REPORTS_DIR, as two runs on one checkout do. Then the guards behind it: a
// database or queue prefix claimed by one mode refuses processes of the other.
import { blankSourceSettings } from "@recon/sources";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { createTestDatabase, runToExit, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon } from "./testing/cli-process";

const DATE = "2025-10-09";
const REAL_SEED = 7; // the CLI's own sandbox uses seed 1
const FETCH_WORKER = join(import.meta.dirname, "..", "..", "fetch-worker", "src", "main.ts");

interface RunJson {
  id: string;
  status: string;
  counts: Record<string, number>;
  reports: Record<string, string>;
  sandbox: boolean;
  sandboxed_sources: string[];
}

let emulators: Sandbox;
let realDb: TestDatabase;
let sandboxDb: TestDatabase;
let reportsDir: string;
let common: NodeJS.ProcessEnv;
let realEnv: NodeJS.ProcessEnv;
let sandboxEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  [realDb, sandboxDb, emulators] = await Promise.all([
    createTestDatabase({ name: "apart_real" }),
    createTestDatabase({ name: "apart_sandbox" }),
    startSandbox({ seed: REAL_SEED, runDates: [DATE] }),
  ]);
  reportsDir = await mkdtemp(join(tmpdir(), "recon-apart-"));
  const unset = { ...blankSourceSettings(), RECON_SANDBOX: "" };
  common = { ...process.env, ...unset, REDIS_URL: testRedisUrl(), REPORTS_DIR: reportsDir, LOG_LEVEL: "warn", HEALTH_PORT: "0" };
  realEnv = {
    ...common,
    DATABASE_URL: realDb.url,
    QUEUE_PREFIX: uniquePrefix("apart-real"),
    STRIPE_API_KEY: emulators.stripe.apiKey,
    STRIPE_API_BASE: emulators.stripe.baseUrl,
    INTERNAL_API_URL: emulators.ledger.baseUrl,
    INTERNAL_API_TOKEN: emulators.ledger.token,
  };
  sandboxEnv = { ...common, DATABASE_URL: sandboxDb.url, QUEUE_PREFIX: uniquePrefix("apart-sandbox") };
});

afterAll(async () => {
  await emulators?.close();
  await Promise.all([realDb?.drop(), sandboxDb?.drop()]);
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

async function runOnce(args: string[], env: NodeJS.ProcessEnv): Promise<RunJson> {
  const result = await runRecon(["run", ...args, "--processors", "stripe", "--date", DATE, "--json"], env, 150_000);
  expect(result.code, result.stderr).toBe(0);
  const [run] = (JSON.parse(result.stdout) as { runs: RunJson[] }).runs;
  return run!;
}

async function ids(url: string, sql: string): Promise<Set<string>> {
  return new Set((await queryDatabase<{ id: string | null }>(url, sql)).flatMap((row) => (row.id === null ? [] : [row.id])));
}
const processorIds = (url: string) => ids(url, "SELECT external_id AS id FROM processor_transactions");
const ledgerIds = (url: string) => ids(url, "SELECT external_id AS id FROM internal_transactions");
const discrepancyIds = (url: string) =>
  ids(url, "SELECT processor_external_id AS id FROM discrepancies UNION SELECT internal_external_id FROM discrepancies UNION SELECT transaction_id FROM missing_transactions");

async function reportTexts(run: RunJson): Promise<Record<string, string>> {
  const kinds = ["csv", "json", "discrepancies_csv", "summary", "html"];
  return Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await readFile(run.reports[kind]!, "utf8")] as const)));
}

describe("a sandbox run and a real run of the same processor and day", () => {
  it("never mix: the real run's transactions, discrepancies and reports hold none of the sandbox's records", async () => {
    const sandboxRun = await runOnce(["--sandbox"], sandboxEnv);
    expect(sandboxRun).toMatchObject({ status: "completed", sandbox: true, sandboxed_sources: ["stripe", "internal"] });
    const realRun = await runOnce([], realEnv);
    expect(realRun).toMatchObject({ status: "completed", sandbox: false, sandboxed_sources: [] });
    const realReports = await reportTexts(realRun);
    // The sandbox again, after the real run: it must not touch the real run's reports either.
    const again = await runOnce(["--sandbox"], sandboxEnv);
    expect(again.reports.json).toBe(sandboxRun.reports.json);

    const sandboxRecords = new Set([...(await processorIds(sandboxDb.url)), ...(await ledgerIds(sandboxDb.url))]);
    const sandboxBreaks = await discrepancyIds(sandboxDb.url);
    expect(sandboxRecords.size).toBeGreaterThan(400);
    expect(sandboxBreaks.size).toBeGreaterThan(5);

    // The real database holds exactly what the real sources served, nothing generated by the sandbox.
    const truth = emulators.truth("stripe", DATE);
    const realProcessor = await processorIds(realDb.url);
    const realLedger = await ledgerIds(realDb.url);
    expect(realProcessor.size).toBe(truth.processorCount);
    expect(realLedger.size).toBe(truth.internalCount);
    expect([...realProcessor, ...realLedger].filter((id) => sandboxRecords.has(id))).toEqual([]);
    expect(realRun.counts).toEqual(truth.counts);
    const realBreaks = await discrepancyIds(realDb.url);
    expect(realBreaks.size).toBeGreaterThan(5);
    expect([...realBreaks].filter((id) => sandboxBreaks.has(id) || sandboxRecords.has(id))).toEqual([]);
    const runs = await queryDatabase<{ processor_name: string; sandbox: boolean }>(realDb.url, "SELECT processor_name, sandbox FROM reconciliation_runs");
    expect(runs).toEqual([{ processor_name: "stripe", sandbox: false }]);
    const modes = await Promise.all([realDb, sandboxDb].map((db) => queryDatabase<{ sandbox: boolean }>(db.url, "SELECT sandbox FROM database_mode")));
    expect(modes).toEqual([[{ sandbox: false }], [{ sandbox: true }]]);

    // The reports: the real ones name real records only, say nothing of a sandbox, and the
    // sandbox's re-run left them byte for byte as they were (its own went under sandbox/).
    expect(realRun.reports.json).toBe(join(reportsDir, "stripe", DATE, `reconciliation_report_stripe_${DATE}.json`));
    expect(sandboxRun.reports.json).toBe(join(reportsDir, "sandbox", "stripe", DATE, `reconciliation_report_stripe_${DATE}.json`));
    expect(await reportTexts(realRun)).toEqual(realReports);
    const sandboxNamed = [...sandboxBreaks, ...sandboxRecords];
    for (const [kind, text] of Object.entries(realReports)) {
      expect(sandboxNamed.filter((id) => text.includes(id)), kind).toEqual([]);
      expect(text, kind).not.toContain("SANDBOX");
    }
    const [missing] = [...(await ids(realDb.url, "SELECT transaction_id AS id FROM missing_transactions"))];
    expect(missing).toBeDefined();
    expect(realReports.csv).toContain(missing!);
    const sandboxReports = await reportTexts(sandboxRun);
    expect(sandboxReports.html).toContain("SANDBOX: generated data from the built-in emulators (stripe and the ledger), not real money.");
  });

  it("refuse a database or queues claimed by the other mode, naming the variable, and change nothing", async () => {
    const before = await queryDatabase<{ n: string }>(realDb.url, "SELECT (SELECT count(*) FROM processor_transactions) + (SELECT count(*) FROM reconciliation_runs) AS n");

    const sandboxOnReal = await runRecon(["run", "--sandbox", "--processors", "stripe", "--date", DATE], { ...sandboxEnv, DATABASE_URL: realDb.url });
    expect(sandboxOnReal.code).toBe(1);
    expect(sandboxOnReal.stderr).toMatch(/DATABASE_URL=\S+ points at a database holding real data .*; the sandbox keeps its own database: unset DATABASE_URL .* or point it elsewhere/);

    const realOnSandbox = await runRecon(["run", "--processors", "stripe", "--date", DATE], { ...realEnv, DATABASE_URL: sandboxDb.url });
    expect(realOnSandbox.code).toBe(1);
    expect(realOnSandbox.stderr).toMatch(/points at a database holding sandbox data generated by the built-in emulators .*real runs keep their own database/);

    const sandboxOnRealQueues = await runRecon(["run", "--sandbox", "--processors", "stripe", "--date", DATE], { ...sandboxEnv, QUEUE_PREFIX: realEnv.QUEUE_PREFIX });
    expect(sandboxOnRealQueues.code).toBe(1);
    expect(sandboxOnRealQueues.stderr).toContain(`QUEUE_PREFIX=${realEnv.QUEUE_PREFIX} carries a real fleet's jobs on this Redis; the sandbox needs queues of its own`);

    // A worker too: a sandbox fetch worker on the real database exits at start, naming it.
    const worker = await runToExit(FETCH_WORKER, [], { ...sandboxEnv, RECON_SANDBOX: "true", DATABASE_URL: realDb.url });
    expect(worker.code, worker.stderr).toBe(1);
    expect(worker.stderr.trim().split("\n").at(-1)).toMatch(/^fetch-worker: DATABASE_URL=\S+ points at a database holding real data/);

    const after = await queryDatabase<{ n: string }>(realDb.url, "SELECT (SELECT count(*) FROM processor_transactions) + (SELECT count(*) FROM reconciliation_runs) AS n");
    expect(after).toEqual(before);
    expect(await queryDatabase(realDb.url, "SELECT sandbox FROM database_mode")).toEqual([{ sandbox: false }]);
  });
});
