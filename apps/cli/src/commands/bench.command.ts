import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createDatabaseIfMissing, createDb, databaseNameOf, dropDatabase, listCleanPairs, migrate, redactUrl, withDatabase } from "@recon/db";
import { dayWindow } from "@recon/domain";
import { DEFAULT_RECONCILE_SETTINGS, RECONCILE_HEAP_LIMIT_MB, readWindowOf, scoreOutcomes, type LabelledOutcome } from "@recon/reconciliation";
import { databaseEnv, parseEnv } from "@recon/runtime";
import type { Command } from "commander";
import { BENCH_RUN_DATE, loadGeneratedDay, PART_SIZE, reuseLoadedDay } from "../bench/bench-day";
import { line } from "../bench/bench-output";
import { runSqlAnyIdStatement, runSqlBaseline, runSqlJoinOnly } from "../bench/sql-baseline";
import { UsageError } from "../usage-error";

interface BenchOptions {
  /** Records per side. Default 1,000,000. */
  size?: string;
  seed?: string;
  /** Keep the benchmark database afterwards (for inspection, or for --reuse). */
  keep?: boolean;
  /** A database kept by an earlier run: reconcile its day again instead of loading a new one. */
  reuse?: string;
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
 * hand-written statement (issue 4), within 3x of Postgres's bare join, every reconcile process
 * under 512 MB and 10M per side within 10x of 1M (issue 17); ingest's is in bench/bench-day.ts.
 */
const TARGET_RECONCILE_VS_SQL = 1.5;
const TARGET_RECONCILE_VS_JOIN_ONLY = 3;
const TARGET_RSS_MB = 512;
const TARGET_SCALE_RATIO = 10;
/** The bench's databases are named so; --reuse accepts no other. */
const BENCH_DATABASE_PREFIX = "recon_bench_";
/** Runs of the bare join; the fastest is the yardstick. */
const JOIN_ONLY_TRIALS = 3;

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
 * `recon bench [--size N]`: loads a generated truth day into a fresh database (or, with --reuse,
 * takes the day a kept one holds) and prints, as `name: value` lines, ingest rate of our write
 * path vs COPY, reconcile time vs the SQL yardsticks (each phase too), peak RSS of the reconcile
 * processes, accuracy per kind, and whether each target (TARGET_*) is met at this size.
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
  const reuse = raw.reuse !== undefined;
  // --reuse empties the runs and breaks of the database it is given: only ever one the bench made.
  if (raw.reuse !== undefined && !databaseNameOf(raw.reuse).startsWith(BENCH_DATABASE_PREFIX)) {
    throw new UsageError(`--reuse: ${redactUrl(raw.reuse)} is not a database recon bench made (${BENCH_DATABASE_PREFIX}…); refusing to empty its runs and breaks`);
  }
  const url = raw.reuse ?? withDatabase(config.DATABASE_URL, `${BENCH_DATABASE_PREFIX}${Date.now()}`);
  const work = await mkdtemp(join(tmpdir(), "recon-bench-"));
  line("size_per_side", size);
  line("mode", mode);
  line("reconcile_workers", workers);
  line("postgres_work_mem_mb", DEFAULT_RECONCILE_SETTINGS.workMemMb);
  line("reconcile_heap_limit_mb", RECONCILE_HEAP_LIMIT_MB);

  if (!reuse) await createDatabaseIfMissing(url);
  await migrate(url);
  // The SQL yardsticks get the same work_mem as the reconcile plan, so neither side spills more.
  const db = createDb(url, { applicationName: "recon-bench", pool: { options: `-c work_mem=${DEFAULT_RECONCILE_SETTINGS.workMemMb}MB` } });
  try {
    const day = reuse ? await reuseLoadedDay(db, size, seed) : await loadGeneratedDay(db, size, seed);
    const truth = day.truth;
    line("processor_rows", day.processorRows);
    line("ledger_rows", day.ledgerRows);
    const runDate = BENCH_RUN_DATE;

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
    // The bare join is the yardstick of the 3x target, and one run of it moved by 85% between two
    // runs of the same bench (1,222 and 2,261 ms, 2026-12-03): the fastest of three is kept, the
    // strictest yardstick the box gives.
    const joinTrials: number[] = [];
    for (let trial = 0; trial < JOIN_ONLY_TRIALS; trial++) joinTrials.push((await runSqlJoinOnly(db, runDate)).ms);
    const joinOnly = { ms: Math.min(...joinTrials) };
    line("sql_join_only_trials_ms", joinTrials.map(Math.round).join(", "));
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
    // A reused database is the caller's; it is never dropped.
    if (raw.keep || reuse) process.stderr.write(`kept ${url}\n`);
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
    .option("--reuse <databaseUrl>", "reconcile the day a kept benchmark database holds again (same --size and --seed), without loading it")
    .option("--mode <path>", "engine execution path: hybrid (exact-id pass in Postgres) or stream", "hybrid")
    .option("--workers <n>", "reconcile worker processes sharing the partitions", "2")
    .option("--partition-records <n>", "most residue records per partition (RECONCILE_PARTITION_RECORDS)")
    .option("--baseline-ms <ms>", "reconcile_ms of a 1,000,000-per-side run, to check the 10x scaling target")
    .action(async (options: BenchOptions) => {
      process.exitCode = await benchCommand(options);
    });
}
