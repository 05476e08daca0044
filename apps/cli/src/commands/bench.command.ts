import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  copyInternalTransactions,
  copyProcessorTransactions,
  createDatabaseIfMissing,
  createDb,
  dropDatabase,
  listCleanPairs,
  migrate,
  upsertProcessorTransactions,
  withDatabase,
  type Db,
} from "@recon/db";
import { dayWindow } from "@recon/domain";
import { DEFAULT_GRACE_MS, scoreOutcomes, type LabelledOutcome } from "@recon/reconcile-worker";
import { databaseEnv, parseEnv } from "@recon/runtime";
import { generateTruthDay, storableTruthDay } from "@recon/sandbox";
import type { Command } from "commander";
import { runSqlAnyIdStatement, runSqlBaseline, runSqlJoinOnly } from "../bench/sql-baseline";
import { UsageError } from "../usage-error";

export interface BenchOptions {
  /** Records per side. Default 1,000,000. */
  size?: string;
  seed?: string;
  /** Keep the benchmark database afterwards (for inspection). */
  keep?: boolean;
  /** Engine execution path: hybrid (default) or stream. */
  mode?: string;
}

/** Issue 4's targets, checked on every run and printed as met/missed. */
const TARGET_RECONCILE_VS_SQL = 1.5;
const TARGET_INGEST_VS_COPY = 0.5;
const TARGET_RSS_MB = 512;

function line(name: string, value: string | number): void {
  process.stdout.write(`${name}: ${value}\n`);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function analyze(db: Db): Promise<void> {
  await db.pool.query("VACUUM ANALYZE processor_transactions");
  await db.pool.query("VACUUM ANALYZE internal_transactions");
}

interface ChildReport {
  ms: number;
  maxRssMb: number;
  phases?: Record<string, number>;
}

function runReconcileChild(databaseUrl: string, runDate: string, outcomesPath: string, mode: string): Promise<ChildReport> {
  const script = fileURLToPath(new URL("../bench/reconcile-child.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    // Same node, same loader (tsx) as this process.
    const child = spawn(process.execPath, [...process.execArgv, script, databaseUrl, runDate, outcomesPath, mode], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`reconcile process exited with code ${code}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ChildReport);
      } catch {
        reject(new Error(`reconcile process printed no report: ${stdout}`));
      }
    });
  });
}

async function readOutcomes(path: string): Promise<LabelledOutcome[]> {
  const outcomes: LabelledOutcome[] = [];
  for await (const text of createInterface({ input: createReadStream(path) })) {
    if (text !== "") outcomes.push(JSON.parse(text) as LabelledOutcome);
  }
  return outcomes;
}

/**
 * `recon bench [--size N]`: loads a generated truth day into a fresh database and prints, as
 * `name: value` lines, ingest rate of our write path vs COPY, reconcile wall time vs one SQL
 * statement, peak RSS of the reconcile process, accuracy per kind, and whether each target of
 * issue 4 is met at this size.
 */
export async function benchCommand(raw: BenchOptions): Promise<number> {
  const size = raw.size === undefined ? 1_000_000 : Number(raw.size.replace(/_/g, ""));
  if (!Number.isInteger(size) || size < 100) throw new UsageError(`--size must be an integer >= 100, got "${raw.size}"`);
  const seed = raw.seed === undefined ? 20260101 : Number(raw.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${raw.seed}"`);
  const mode = raw.mode ?? "hybrid";
  if (mode !== "hybrid" && mode !== "stream") throw new UsageError(`--mode must be hybrid or stream, got "${mode}"`);
  const config = parseEnv(databaseEnv);
  const url = withDatabase(config.DATABASE_URL, `recon_bench_${Date.now()}`);
  const work = await mkdtemp(join(tmpdir(), "recon-bench-"));
  line("size_per_side", size);
  line("mode", mode);

  const generated = await timed(() => Promise.resolve(storableTruthDay(generateTruthDay({ size, seed }))));
  const day = generated.value;
  line("generate_ms", Math.round(generated.ms));
  line("processor_rows", day.processor.length);
  line("ledger_rows", day.internal.length);

  await createDatabaseIfMissing(url);
  await migrate(url);
  const db = createDb(url, { applicationName: "recon-bench" });
  try {
    // Ingest: our write path (set-based upsert), then COPY of the same rows into the same table.
    const ours = await timed(() => upsertProcessorTransactions(db, day.processor));
    await db.pool.query("TRUNCATE processor_transactions");
    const copy = await timed(() => copyProcessorTransactions(db, day.processor));
    await copyInternalTransactions(db, day.internal);
    await analyze(db);
    const oursRate = day.processor.length / (ours.ms / 1000);
    const copyRate = day.processor.length / (copy.ms / 1000);
    line("ingest_ours_rows_per_s", Math.round(oursRate));
    line("ingest_copy_rows_per_s", Math.round(copyRate));
    line("ingest_ours_vs_copy", (oursRate / copyRate).toFixed(3));
    line("target_ingest_at_least_half_of_copy", oursRate / copyRate >= TARGET_INGEST_VS_COPY ? "met" : "MISSED");

    // Reconcile in its own process (so its peak RSS is measured alone), then the SQL yardstick.
    const outcomesPath = join(work, "outcomes.ndjson");
    const child = await runReconcileChild(url, day.runDate, outcomesPath, mode);
    const sql = await runSqlBaseline(db, day.runDate);
    line("reconcile_ms", Math.round(child.ms));
    line("sql_single_statement_ms", Math.round(sql.ms));
    line("sql_single_statement_rows", sql.rows);
    line("reconcile_vs_sql_ratio", (child.ms / sql.ms).toFixed(2));
    line("target_reconcile_within_1_5x_sql", child.ms / sql.ms <= TARGET_RECONCILE_VS_SQL ? "met" : "MISSED");
    // Context for the ratio above: the specified statement joins on the processor's own id only,
    // so on ledgers that book charge ids it labels those rows missing and writes them; these two
    // show the join's own floor and a statement that knows related ids.
    const joinOnly = await runSqlJoinOnly(db, day.runDate);
    line("sql_join_only_ms", Math.round(joinOnly.ms));
    line("reconcile_vs_sql_join_only_ratio", (child.ms / joinOnly.ms).toFixed(2));
    const anyId = await runSqlAnyIdStatement(db, day.runDate);
    line("sql_any_id_statement_ms", Math.round(anyId.ms));
    line("sql_any_id_statement_rows", anyId.rows);
    line("reconcile_vs_sql_any_id_ratio", (child.ms / anyId.ms).toFixed(2));
    if (child.phases) for (const [phase, ms] of Object.entries(child.phases)) line(`reconcile_phase_${phase}_ms`, Math.round(ms));
    line("reconcile_peak_rss_mb", Math.round(child.maxRssMb));
    line(
      "target_rss_under_512mb",
      `${child.maxRssMb < TARGET_RSS_MB ? "met" : "MISSED"} at this size (the target is stated at 10,000,000 per side)`,
    );

    const outcomes = await readOutcomes(outcomesPath);
    if (mode === "hybrid") {
      // The pairs Postgres settled are counted, not listed, by the reconcile process; list them
      // here (outside the timed part) so accuracy covers them too.
      const window = dayWindow(day.runDate);
      const read = { start: new Date(window.start.getTime() - DEFAULT_GRACE_MS), end: new Date(window.end.getTime() + DEFAULT_GRACE_MS) };
      for (const pair of await listCleanPairs(db, "stripe", read, window))
        outcomes.push({ kind: "matched", processorIds: [pair.processorId], internalIds: [pair.internalId] });
    }
    const scores = scoreOutcomes(outcomes, day.truth);
    let minPrecision = 1;
    let minRecall = 1;
    for (const [kind, s] of Object.entries(scores).sort(([a], [b]) => (a < b ? -1 : 1))) {
      minPrecision = Math.min(minPrecision, s.precision);
      minRecall = Math.min(minRecall, s.recall);
      line(`accuracy_${kind}`, `precision ${s.precision.toFixed(4)} recall ${s.recall.toFixed(4)} (expected ${s.expected}, found ${s.predicted})`);
    }
    line("accuracy_min_precision", minPrecision.toFixed(4));
    line("accuracy_min_recall", minRecall.toFixed(4));
    return minPrecision === 1 && minRecall === 1 ? 0 : 1;
  } finally {
    await db.close();
    await rm(work, { recursive: true, force: true });
    if (raw.keep) process.stderr.write(`kept ${url}\n`);
    else await dropDatabase(url);
  }
}

/** Registers `recon bench`. */
export function registerBenchCommand(program: Command): void {
  program
    .command("bench")
    .description("benchmark ingest, reconcile, memory and accuracy on a generated day (prints name: value lines)")
    .option("--size <n>", "records per side", "1000000")
    .option("--seed <n>", "generator seed", "20260101")
    .option("--keep", "keep the benchmark database")
    .option("--mode <path>", "engine execution path: hybrid (exact-id pass in Postgres) or stream", "hybrid")
    .action(async (options: BenchOptions) => {
      process.exitCode = await benchCommand(options);
    });
}
