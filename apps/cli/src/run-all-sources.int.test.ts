// End to end over every source: the real CLI process against the sandbox emulators of Stripe
// (official SDK), PayPal (axios), Square (official SDK) and the ledger, real Postgres and Redis.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateScenario } from "@recon/sandbox";
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import type pg from "pg";
import { queryDatabase, runRecon } from "./testing/cli-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DATE = "2025-10-09";
const PROCESSORS = ["stripe", "paypal", "square"] as const;

let database: TestDatabase;
let reportsDir: string;
let env: NodeJS.ProcessEnv;

const recon = (args: string[]) => runRecon(args, env, 150_000);

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  queryDatabase<T>(database.url, sql, params);

beforeAll(async () => {
  database = await createTestDatabase();
  reportsDir = await mkdtemp(join(tmpdir(), "recon-all-sources-"));
  env = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("cli-all"),
    REPORTS_DIR: reportsDir,
    STRIPE_API_KEY: "",
    PAYPAL_CLIENT_ID: "",
    PAYPAL_CLIENT_SECRET: "",
    SQUARE_ACCESS_TOKEN: "",
    INTERNAL_API_URL: "",
    LOG_LEVEL: "warn",
  };
});

afterAll(async () => {
  await database?.drop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("recon run --processors stripe,paypal,square on the sandbox", () => {
  it("completes three runs whose counts per kind equal the ground truth, and the daily query shows three rows", async () => {
    const result = await recon(["run", "--processors", "stripe,paypal,square", "--date", DATE, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    for (const source of [...PROCESSORS, "internal"]) expect(result.stderr).toContain(`${source}: no credentials configured`);
    const output = JSON.parse(result.stdout) as {
      runs: Array<{ processor: string; date: string; status: string; counts: Record<string, number> }>;
    };
    expect(output.runs.map((r) => r.processor)).toEqual([...PROCESSORS]);
    for (const processor of PROCESSORS) {
      const truth = generateScenario({ processor, runDate: DATE }).truth;
      const runJson = output.runs.find((r) => r.processor === processor)!;
      expect(runJson).toMatchObject({ date: DATE, status: "completed" });
      expect(runJson.counts, processor).toEqual(truth.counts);
      const stored = await query<{ n: string }>("SELECT count(*)::text AS n FROM processor_transactions WHERE processor = $1", [processor]);
      expect(Number(stored[0]?.n), processor).toBe(truth.processorCount);
      const ledger = await query<{ n: string }>("SELECT count(*)::text AS n FROM internal_transactions WHERE processor = $1", [processor]);
      expect(Number(ledger[0]?.n), processor).toBe(truth.internalCount);
    }

    // The users' daily query, verbatim: one row per processor.
    const rows = await query<{ processor_name: string; missing_transaction_count: number; total_discrepancy_amount: string }>(
      "SELECT processor_name, missing_transaction_count, total_discrepancy_amount FROM reconciliation_runs;",
    );
    expect(rows.map((r) => r.processor_name).sort()).toEqual([...PROCESSORS].sort());
    for (const row of rows) {
      const truth = generateScenario({ processor: row.processor_name as (typeof PROCESSORS)[number], runDate: DATE }).truth;
      expect(row.missing_transaction_count).toBe(truth.counts.missing_in_internal);
      expect(row.total_discrepancy_amount).toMatch(/^\d+\.\d{2}$/);
    }
    const rejected = await query<{ n: string }>("SELECT count(*)::text AS n FROM rejected_records");
    expect(rejected[0]?.n).toBe("0");
  });
});
