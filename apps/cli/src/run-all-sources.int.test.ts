// The sandbox accuracy harness, end to end over every source: the real CLI process against the
// emulators of Stripe (official SDK), PayPal (axios), Square (official SDK), Adyen (report
// downloads, a plugin of its source module) and the ledger, real
// Postgres and Redis. Every discrepancy the runs stored is scored against the ground truth the
// sandbox planted, kind by kind and record by record (precision and recall must be 1.0), and the
// day must exercise every record type and currency exponent it is meant to.
import { blankSourceSettings } from "@recon/sources";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DISCREPANCY_KINDS, PROCESSORS, type Processor, type TransactionType } from "@recon/domain";
import { scoreOutcomes, type LabelledOutcome } from "@recon/engine";
import { createScenarioStore } from "@recon/sandbox";
import { SANDBOX_PLUGINS } from "@recon/sources";
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import type pg from "pg";
import { queryDatabase, runRecon } from "./testing/cli-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DATE = "2025-10-09";
// The sandbox's days, built-in and plugin alike, exactly as the emulators serve them.
const scenarios = createScenarioStore({ plugins: SANDBOX_PLUGINS });
const truthOf = (processor: Processor) => scenarios.day(processor, DATE).truth;

/** What each processor's sandbox day must contain, so that a perfect score covers it. */
const COVERAGE: Record<Processor, { types: TransactionType[]; currencies: string[] }> = {
  stripe: { types: ["adjustment", "dispute", "fee", "payment", "payout", "refund", "topup", "transfer"], currencies: ["JPY", "KWD", "USD"] },
  paypal: { types: ["payment", "refund"], currencies: ["JPY", "KWD", "USD"] },
  square: { types: ["payment", "payout", "refund"], currencies: ["JPY", "KWD", "USD"] },
  adyen: { types: ["payment", "refund"], currencies: ["JPY", "KWD", "USD"] },
};

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
    // The sandbox on request through the environment (recon run --sandbox is the same).
    RECON_SANDBOX: "true",
    ...blankSourceSettings(),
    LOG_LEVEL: "warn",
  };
});

afterAll(async () => {
  await database?.drop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("recon run on the sandbox, every processor", () => {
  it("finds exactly the planted discrepancies of every kind (precision and recall 1.0), and the daily query shows one row per processor", async () => {
    const result = await recon(["run", "--processors", PROCESSORS.join(","), "--date", DATE, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as {
      runs: Array<{ id: string; processor: string; date: string; status: string; counts: Record<string, number>; sandboxed_sources: string[] }>;
    };
    expect(output.runs.map((r) => r.sandboxed_sources)).toEqual(PROCESSORS.map((processor) => [processor, "internal"]));
    expect(output.runs.map((r) => r.processor)).toEqual([...PROCESSORS]);
    for (const processor of PROCESSORS) {
      const truth = truthOf(processor);
      const run = output.runs.find((r) => r.processor === processor)!;
      expect(run).toMatchObject({ date: DATE, status: "completed" });

      const stored = await query<{ processor_external_id: string | null; internal_external_id: string | null; kind: string }>(
        "SELECT kind, processor_external_id, internal_external_id FROM discrepancies WHERE run_id = $1",
        [run.id],
      );
      const predicted: LabelledOutcome[] = stored.map((d) => ({
        kind: d.kind,
        processorIds: d.processor_external_id === null ? [] : [d.processor_external_id],
        internalIds: d.internal_external_id === null ? [] : [d.internal_external_id],
      }));
      const expected: LabelledOutcome[] = truth.items.map((i) => ({
        kind: i.kind,
        processorIds: i.processorId === undefined ? [] : [i.processorId],
        internalIds: i.internalId === undefined ? [] : [i.internalId],
      }));
      const scores = scoreOutcomes(predicted, expected);
      for (const kind of DISCREPANCY_KINDS) {
        const score = scores[kind] ?? { precision: 1, recall: 1 };
        expect({ processor, kind, precision: score.precision, recall: score.recall }).toEqual({ processor, kind, precision: 1, recall: 1 });
      }
      expect(run.counts, processor).toEqual(truth.counts);
      // Every processor record the truth does not name is a clean match.
      const named = new Set(truth.items.flatMap((i) => (i.processorId === undefined ? [] : [i.processorId])));
      const [figures] = await query<{ matched_count: number }>("SELECT matched_count FROM reconciliation_runs WHERE id = $1", [run.id]);
      expect(figures?.matched_count, processor).toBe(truth.processorCount - named.size);

      const day = await query<{ n: string; types: string[]; currencies: string[] }>(
        "SELECT count(*)::text AS n, array_agg(DISTINCT type ORDER BY type) AS types, array_agg(DISTINCT currency ORDER BY currency) AS currencies FROM processor_transactions WHERE processor = $1",
        [processor],
      );
      expect(Number(day[0]?.n), processor).toBe(truth.processorCount);
      expect(day[0]?.types, processor).toEqual(expect.arrayContaining(COVERAGE[processor].types));
      expect(day[0]?.currencies.map((c) => c.trim()), processor).toEqual(COVERAGE[processor].currencies);
      const ledger = await query<{ n: string }>("SELECT count(*)::text AS n FROM internal_transactions WHERE processor = $1", [processor]);
      expect(Number(ledger[0]?.n), processor).toBe(truth.internalCount);
    }

    // The users' daily query, verbatim: one row per processor.
    const rows = await query<{ processor_name: string; missing_transaction_count: number; total_discrepancy_amount: string }>(
      "SELECT processor_name, missing_transaction_count, total_discrepancy_amount FROM reconciliation_runs;",
    );
    expect(rows.map((r) => r.processor_name).sort()).toEqual([...PROCESSORS].sort());
    for (const row of rows) {
      const truth = truthOf(row.processor_name as Processor);
      expect(row.missing_transaction_count).toBe(truth.counts.missing_in_internal);
      expect(row.total_discrepancy_amount).toMatch(/^\d+\.\d{2}$/);
    }
    const rejected = await query<{ n: string }>("SELECT count(*)::text AS n FROM rejected_records");
    expect(rejected[0]?.n).toBe("0");
  });
});
