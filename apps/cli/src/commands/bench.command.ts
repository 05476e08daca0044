import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
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
import { DEFAULT_RECONCILE_SETTINGS, RECONCILE_HEAP_LIMIT_MB, readWindowOf, scoreOutcomes, type LabelledOutcome } from "@recon/reconciliation";
import { databaseEnv, parseEnv } from "@recon/runtime";
import { generateTruthDay, storableTruthDay, type TruthDay } from "@recon/sandbox";
import type { Command } from "commander";
import { runSqlAnyIdStatement, runSqlBaseline, runSqlJoinOnly } from "../bench/sql-baseline";
import { UsageError } from "../usage-error";

interface BenchOptions {
  /** Records per side. Default 1,000,000. */
  size?: string;
  seed?: string;
  /** Keep the benchmark database afterwards (for inspection). */
  keep?: boolean;
  /** Engine execution path: hybrid (default) or stream. */
  mode?: string;
  /** Reconcile worker processes sharing the partitions. Default 2 (the machine's cores). */
  workers?: string;
  partitionRecords?: string;
  /** reconcile_ms of a 1M run, for the 10M-within-10x target. */
  baselineMs?: string;
}

/**
 * The targets, checked on every run and printed as met/MISSED: reconcile within 1.5x of one
 * hand-written statement (issue 4), within 3x of Postgres's bare join, ingest at 0.9 of COPY,
 * every reconcile process under 512 MB and 10M per side within 10x of 1M (issue 17).
 */
const TARGET_RECONCILE_VS_SQL = 1.5;
const TARGET_RECONCILE_VS_JOIN_ONLY = 3;
const TARGET_INGEST_VS_COPY = 0.9;
const TARGET_RSS_MB = 512;
const TARGET_SCALE_RATIO = 10;
/** Records per side generated at once; larger days are generated and loaded in parts. */
const PART_SIZE = 1_000_000;
const RUN_DATE = "2026-11-24";
const INGEST_TRIALS = 2;

function line(name: string, value: string | number): void {
  process.stdout.write(`${name}: ${value}\n`);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/**
 * Settles the loaded day before anything is timed: statistics, hint bits and the visibility map
 * (VACUUM ANALYZE), then a CHECKPOINT so the gigabytes of pages that dirtied are written now,
 * not by the checkpointer in the middle of whichever measurement comes first. Without it, at
 * 10M per side the first measured step competed with the load's own write-back.
 */
async function settleLoadedDay(db: Db): Promise<void> {
  await db.pool.query("VACUUM ANALYZE processor_transactions");
  await db.pool.query("VACUUM ANALYZE internal_transactions");
  await checkpoint(db);
}

/**
 * Empties the table an ingest trial writes into and writes back what the previous trial dirtied,
 * so that no trial pays for the write-back of the one before it. Measured alone that way, our
 * path and COPY came within 1-4% of each other over four alternated pairs (2026-12-03), where
 * the bench's back-to-back trials had put them 10% apart.
 */
async function emptyProcessorTable(db: Db): Promise<void> {
  await db.pool.query("TRUNCATE processor_transactions");
  await checkpoint(db);
}

async function checkpoint(db: Db): Promise<void> {
  try {
    await db.pool.query("CHECKPOINT");
  } catch (error) {
    // CHECKPOINT needs superuser or pg_checkpoint; without it the bench still runs, less evenly.
    process.stderr.write(`bench: CHECKPOINT refused (${(error as Error).message}); timings may include earlier write-back\n`);
  }
}

interface ChildReport {
  ms: number;
  maxRssMb: number;
  [field: string]: unknown;
}

/** Runs one step of bench/reconcile-child.ts in its own process and returns its report line. */
function runReconcileChild(args: string[]): Promise<ChildReport> {
  const script = fileURLToPath(new URL("../bench/reconcile-child.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    // Same node, same loader (tsx) as this process.
    // As the fleet runs them: the deployed reconcile worker's heap limit (RECONCILE_HEAP_LIMIT_MB).
    const heapLimit = `--max-old-space-size=${RECONCILE_HEAP_LIMIT_MB}`;
    const child = spawn(process.execPath, [...process.execArgv, heapLimit, script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`reconcile process (${args[0]}) exited with code ${code}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ChildReport);
      } catch {
        reject(new Error(`reconcile process (${args[0]}) printed no report: ${stdout}`));
      }
    });
  });
}

interface ReconcileMeasure {
  /** Time inside the reconcile processes: plan + the slowest partition worker + settle. */
  ms: number;
  /** Wall time including process start-up. */
  wallMs: number;
  maxRssMb: number;
  phases: Record<string, number>;
  /** Peak RSS of each step's process(es), MB. */
  rssByPhase: Record<string, number>;
  partitions: number;
}

/**
 * One run the way the fleet does it: a plan step, the partitions spread over `workers` processes
 * (child jobs on as many reconcile workers), and a settle step, each process measured alone.
 */
async function measureReconcile(url: string, runDate: string, outcomesPath: string, mode: string, workers: number, partitionRecords: number): Promise<ReconcileMeasure> {
  const wallStarted = performance.now();
  if (mode === "stream") {
    const child = await runReconcileChild(["stream", url, runDate, outcomesPath]);
    return { ms: child.ms, wallMs: performance.now() - wallStarted, maxRssMb: child.maxRssMb, phases: {}, rssByPhase: {}, partitions: 1 };
  }
  const plan = await runReconcileChild(["plan", url, runDate, String(partitionRecords)]);
  const planId = String(plan["planId"]);
  const partitions = Number(plan["partitions"]);
  const used = Math.max(1, Math.min(workers, partitions));
  const parts = await Promise.all(
    Array.from({ length: used }, (_, worker) =>
      runReconcileChild(["partitions", url, planId, String(worker), String(used), outcomesPath === "-" ? "-" : `${outcomesPath}.w${worker}`]),
    ),
  );
  const settle = await runReconcileChild(["settle", url, planId, outcomesPath]);
  const partitionsMs = Math.max(...parts.map((p) => p.ms));
  return {
    ms: plan.ms + partitionsMs + settle.ms,
    wallMs: performance.now() - wallStarted,
    maxRssMb: Math.max(plan.maxRssMb, settle.maxRssMb, ...parts.map((p) => p.maxRssMb)),
    phases: { plan: plan.ms, partitions: partitionsMs, settle: settle.ms },
    rssByPhase: { plan: plan.maxRssMb, partitions: Math.max(...parts.map((p) => p.maxRssMb)), settle: settle.maxRssMb },
    partitions,
  };
}

/** The outcomes the reconcile processes listed: the settle step's file plus each partition worker's. */
async function readOutcomes(path: string): Promise<LabelledOutcome[]> {
  const outcomes: LabelledOutcome[] = [];
  const files = [path, ...(await readdir(dirname(path))).filter((f) => f.startsWith(`${basename(path)}.w`)).map((f) => join(dirname(path), f))];
  for (const file of files) {
    for await (const text of createInterface({ input: createReadStream(file) })) {
      if (text !== "") outcomes.push(JSON.parse(text) as LabelledOutcome);
    }
  }
  return outcomes;
}

/** Qualifies a target's verdict when the bench ran at another size than the one the target names. */
function statedAt(size: number, targetSize: number): string {
  return size === targetSize ? "" : ` at this size (the target is stated at ${targetSize.toLocaleString("en-US")} per side)`;
}

/**
 * `recon bench [--size N]`: loads a generated truth day into a fresh database and prints, as
 * `name: value` lines, ingest rate of our write path vs COPY, reconcile time vs the SQL yardsticks
 * (each phase too), peak RSS of the reconcile processes, accuracy per kind, and whether each
 * target (TARGET_*) is met at this size.
 */
async function benchCommand(raw: BenchOptions): Promise<number> {
  const size = raw.size === undefined ? 1_000_000 : Number(raw.size.replace(/_/g, ""));
  if (!Number.isInteger(size) || size < 100) throw new UsageError(`--size must be an integer >= 100, got "${raw.size}"`);
  const seed = raw.seed === undefined ? 20260101 : Number(raw.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${raw.seed}"`);
  const mode = raw.mode ?? "hybrid";
  if (mode !== "hybrid" && mode !== "stream") throw new UsageError(`--mode must be hybrid or stream, got "${mode}"`);
  const workers = raw.workers === undefined ? 2 : Number(raw.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be a positive integer, got "${raw.workers}"`);
  const partitionRecords = raw.partitionRecords === undefined ? DEFAULT_RECONCILE_SETTINGS.maxRecordsPerPartition : Number(raw.partitionRecords);
  if (!Number.isInteger(partitionRecords) || partitionRecords < 100) {
    throw new UsageError(`--partition-records must be an integer >= 100, got "${raw.partitionRecords}"`);
  }
  const config = parseEnv(databaseEnv);
  const url = withDatabase(config.DATABASE_URL, `recon_bench_${Date.now()}`);
  const work = await mkdtemp(join(tmpdir(), "recon-bench-"));
  // Days above one part are generated and loaded part by part, so this process stays small.
  const parts = Math.ceil(size / PART_SIZE);
  line("size_per_side", size);
  line("mode", mode);
  line("reconcile_workers", workers);
  line("postgres_work_mem_mb", DEFAULT_RECONCILE_SETTINGS.workMemMb);
  line("reconcile_heap_limit_mb", RECONCILE_HEAP_LIMIT_MB);

  await createDatabaseIfMissing(url);
  await migrate(url);
  // The SQL yardsticks get the same work_mem as the reconcile plan, so neither side spills more.
  const db = createDb(url, { applicationName: "recon-bench", pool: { options: `-c work_mem=${DEFAULT_RECONCILE_SETTINGS.workMemMb}MB` } });
  try {
    let truth: TruthDay | undefined;
    let processorRows = 0;
    let ledgerRows = 0;
    let generateMs = 0;
    for (let part = 0; part < parts; part++) {
      const partSize = Math.min(PART_SIZE, size - part * PART_SIZE);
      const generated = await timed(() => Promise.resolve(storableTruthDay(generateTruthDay({ size: partSize, seed: seed + part, part, runDate: RUN_DATE }))));
      const day = generated.value;
      generateMs += generated.ms;
      processorRows += day.processor.length;
      ledgerRows += day.internal.length;
      if (part === 0) {
        // Ingest: our write path (COPY-staged upsert) against COPY of the same rows into the same
        // emptied table, alternated twice and the faster of each kept: a checkpoint or autovacuum
        // landing in one run must not decide the ratio.
        const oursMs: number[] = [];
        const copyMs: number[] = [];
        for (let trial = 0; trial < INGEST_TRIALS; trial++) {
          await emptyProcessorTable(db);
          oursMs.push((await timed(() => upsertProcessorTransactions(db, day.processor))).ms);
          await emptyProcessorTable(db);
          copyMs.push((await timed(() => copyProcessorTransactions(db, day.processor))).ms);
        }
        const oursRate = day.processor.length / (Math.min(...oursMs) / 1000);
        const copyRate = day.processor.length / (Math.min(...copyMs) / 1000);
        line("ingest_rows_measured", day.processor.length);
        line("ingest_trials_ms", `ours ${oursMs.map(Math.round).join(", ")}; copy ${copyMs.map(Math.round).join(", ")}`);
        line("ingest_ours_rows_per_s", Math.round(oursRate));
        line("ingest_copy_rows_per_s", Math.round(copyRate));
        line("ingest_ours_vs_copy", (oursRate / copyRate).toFixed(3));
        line("target_ingest_at_least_0_9_of_copy", oursRate / copyRate >= TARGET_INGEST_VS_COPY ? "met" : "MISSED");
        // The figures above are a fresh day, which our write path COPYs straight in. A re-fetched
        // day (every key stored, nothing changed) is staged and merged instead, writing nothing:
        // printed so the fresh figure is not taken for every write's. Not a target.
        const rerun = await timed(() => upsertProcessorTransactions(db, day.processor));
        if (rerun.value.inserted + rerun.value.updated !== 0) throw new Error(`re-ingesting the same rows wrote ${JSON.stringify(rerun.value)}`);
        const rerunRate = day.processor.length / (rerun.ms / 1000);
        line("ingest_rerun_rows_per_s", Math.round(rerunRate));
        line("ingest_rerun_vs_copy", (rerunRate / copyRate).toFixed(3));
      } else {
        await copyProcessorTransactions(db, day.processor);
      }
      await copyInternalTransactions(db, day.internal);
      if (parts === 1) truth = day;
    }
    line("generate_ms", Math.round(generateMs));
    line("processor_rows", processorRows);
    line("ledger_rows", ledgerRows);
    const runDate = RUN_DATE;
    await settleLoadedDay(db);

    // Reconcile in its own processes (so their peak RSS is measured alone), then the SQL yardsticks.
    const outcomesPath = join(work, "outcomes.ndjson");
    const measured = await measureReconcile(url, runDate, truth === undefined ? "-" : outcomesPath, mode, workers, partitionRecords);
    const sql = await runSqlBaseline(db, runDate);
    line("reconcile_partitions", measured.partitions);
    line("reconcile_ms", Math.round(measured.ms));
    line("reconcile_wall_ms_with_process_startup", Math.round(measured.wallMs));
    line("sql_single_statement_ms", Math.round(sql.ms));
    line("sql_single_statement_rows", sql.rows);
    line("reconcile_vs_sql_ratio", (measured.ms / sql.ms).toFixed(2));
    line("target_reconcile_within_1_5x_sql", `${measured.ms / sql.ms <= TARGET_RECONCILE_VS_SQL ? "met" : "MISSED"}${statedAt(size, 1_000_000)}`);
    // Context for the ratio above: the specified statement joins on the processor's own id only,
    // so on ledgers that book charge ids it labels those rows missing and writes them; these two
    // show the join's own floor and a statement that knows related ids.
    const joinOnly = await runSqlJoinOnly(db, runDate);
    line("sql_join_only_ms", Math.round(joinOnly.ms));
    line("reconcile_vs_sql_join_only_ratio", (measured.ms / joinOnly.ms).toFixed(2));
    line(
      "target_reconcile_within_3x_sql_join_only",
      `${measured.ms / joinOnly.ms <= TARGET_RECONCILE_VS_JOIN_ONLY ? "met" : "MISSED"}${statedAt(size, 1_000_000)}`,
    );
    const anyId = await runSqlAnyIdStatement(db, runDate);
    line("sql_any_id_statement_ms", Math.round(anyId.ms));
    line("sql_any_id_statement_rows", anyId.rows);
    line("reconcile_vs_sql_any_id_ratio", (measured.ms / anyId.ms).toFixed(2));
    // Each phase against the same yardstick, so a change's effect reads off one run.
    for (const [phase, ms] of Object.entries(measured.phases)) {
      line(`reconcile_phase_${phase}_ms`, Math.round(ms));
      line(`reconcile_phase_${phase}_vs_sql_join_only_ratio`, (ms / joinOnly.ms).toFixed(2));
    }
    line("reconcile_peak_rss_mb", Math.round(measured.maxRssMb));
    line("reconcile_peak_rss_vs_512mb_ratio", (measured.maxRssMb / TARGET_RSS_MB).toFixed(2));
    for (const [phase, mb] of Object.entries(measured.rssByPhase)) line(`reconcile_peak_rss_${phase}_mb`, Math.round(mb));
    line(
      "target_rss_under_512mb",
      `${measured.maxRssMb < TARGET_RSS_MB ? "met" : "MISSED"}${statedAt(size, 10_000_000)}`,
    );
    if (raw.baselineMs !== undefined) {
      // The 10x target compares this size with a 1M run's reconcile_ms, passed in by the caller.
      const ratio = measured.ms / Number(raw.baselineMs);
      line("reconcile_vs_baseline_ratio", ratio.toFixed(2));
      line("target_10m_within_10x_of_1m", `${ratio <= TARGET_SCALE_RATIO ? "met" : "MISSED"} (vs --baseline-ms ${raw.baselineMs})`);
    }

    if (truth === undefined) {
      line("accuracy", `not scored above ${PART_SIZE} per side (the truth of a day generated in parts is not kept in memory)`);
      return 0;
    }
    const outcomes = await readOutcomes(outcomesPath);
    if (mode === "hybrid") {
      // The pairs Postgres settled are counted, not listed, by the reconcile processes; list them
      // here (outside the timed part) so accuracy covers them too.
      const window = dayWindow(runDate);
      for (const pair of await listCleanPairs(db, "stripe", readWindowOf(runDate, DEFAULT_RECONCILE_SETTINGS.graceMs), window))
        outcomes.push({ kind: "matched", processorIds: [pair.processorId], internalIds: [pair.internalId] });
    }
    const scores = scoreOutcomes(outcomes, truth.truth);
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
    .option("--workers <n>", "reconcile worker processes sharing the partitions", "2")
    .option("--partition-records <n>", "most residue records per partition (RECONCILE_PARTITION_RECORDS)")
    .option("--baseline-ms <ms>", "reconcile_ms of a 1,000,000-per-side run, to check the 10x scaling target")
    .action(async (options: BenchOptions) => {
      process.exitCode = await benchCommand(options);
    });
}
