// The day `recon bench` reconciles: generated and loaded into a fresh database (measuring ingest
// on the way), or, with --reuse, a database an earlier `recon bench --keep` loaded, reset to the
// state a fresh load leaves, so that a change to the reconcile can be measured on the same day
// without generating and loading it again (at 10,000,000 per side, 8 of the bench's 19 minutes).
import {
  copyInternalTransactions,
  copyProcessorTransactions,
  upsertProcessorTransactions,
  type Db,
} from "@recon/db";
import { generateTruthDay, storableTruthDay, type TruthDay } from "@recon/sandbox";
import { UsageError } from "../usage-error";
import { line, timed } from "./bench-output";

export const BENCH_RUN_DATE = "2026-11-24";
/** Records per side generated at once; larger days are generated and loaded in parts. */
export const PART_SIZE = 1_000_000;
const TARGET_INGEST_VS_COPY = 0.9;
const INGEST_TRIALS = 3;

export interface BenchDay {
  /** The generated truth, kept for scoring when the day is one part. */
  truth?: TruthDay;
  processorRows: number;
  ledgerRows: number;
}

function generatePart(size: number, seed: number, part: number): TruthDay {
  const partSize = Math.min(PART_SIZE, size - part * PART_SIZE);
  return storableTruthDay(
    generateTruthDay({ size: partSize, seed: seed + part, part, runDate: BENCH_RUN_DATE }),
  );
}

/**
 * Generates the day part by part (so this process stays small above one part), measures ingest
 * on the first part and loads the rest with COPY. Prints the ingest figures and target.
 */
export async function loadGeneratedDay(db: Db, size: number, seed: number): Promise<BenchDay> {
  const day: BenchDay = { processorRows: 0, ledgerRows: 0 };
  const parts = Math.ceil(size / PART_SIZE);
  let generateMs = 0;
  for (let part = 0; part < parts; part++) {
    const generated = await timed(() => Promise.resolve(generatePart(size, seed, part)));
    const rows = generated.value;
    generateMs += generated.ms;
    day.processorRows += rows.processor.length;
    day.ledgerRows += rows.internal.length;
    if (part === 0) await measureIngest(db, rows);
    else await copyProcessorTransactions(db, rows.processor);
    await copyInternalTransactions(db, rows.internal);
    if (parts === 1) day.truth = rows;
  }
  line("generate_ms", Math.round(generateMs));
  await settleLoadedDay(db);
  return day;
}

/**
 * Ingest: our write path (COPY-staged upsert) against COPY of the same rows into the same emptied
 * table, alternated three times and the fastest of each kept: a checkpoint or autovacuum landing
 * in one trial must not decide the ratio (with two, one run of 2026-12-03 printed 0.896 where the
 * runs before it printed 0.94-1.04). Leaves the rows stored.
 */
async function measureIngest(db: Db, day: TruthDay): Promise<void> {
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
  line(
    "ingest_trials_ms",
    `ours ${oursMs.map(Math.round).join(", ")}; copy ${copyMs.map(Math.round).join(", ")}`,
  );
  line("ingest_ours_rows_per_s", Math.round(oursRate));
  line("ingest_copy_rows_per_s", Math.round(copyRate));
  line("ingest_ours_vs_copy", (oursRate / copyRate).toFixed(3));
  line("target_ingest_at_least_0_9_of_copy", oursRate / copyRate >= TARGET_INGEST_VS_COPY ? "met" : "MISSED");
  // The figures above are a fresh day, which our write path COPYs straight in. A re-fetched day
  // (every key stored, nothing changed) is staged and merged instead, writing nothing: printed so
  // the fresh figure is not taken for every write's. Not a target.
  const rerun = await timed(() => upsertProcessorTransactions(db, day.processor));
  if (rerun.value.inserted + rerun.value.updated !== 0)
    throw new Error(`re-ingesting the same rows wrote ${JSON.stringify(rerun.value)}`);
  const rerunRate = day.processor.length / (rerun.ms / 1000);
  line("ingest_rerun_rows_per_s", Math.round(rerunRate));
  line("ingest_rerun_vs_copy", (rerunRate / copyRate).toFixed(3));
}

/** Everything a reconcile run writes; a reused day is emptied of it so each run starts as the first. */
const RUN_STATE_TABLES = [
  "reconciliation_runs",
  "breaks",
  "reconcile_plans",
  "outbox_events",
  "processed_events",
];

/**
 * A day loaded by an earlier `recon bench --keep` with the same --size and --seed: checked against
 * what those would generate (its row counts; for one part, the regenerated truth, which is then
 * scored), emptied of earlier runs' results, breaks and plans (the audit log is append-only and
 * stays), and settled like a fresh load. Ingest is not measured.
 */
export async function reuseLoadedDay(db: Db, size: number, seed: number): Promise<BenchDay> {
  const stored = await storedRowCounts(db);
  if (stored.processorRows === 0 || stored.ledgerRows === 0) {
    throw new UsageError("--reuse: the database holds no benchmark day (make one with recon bench --keep)");
  }
  const day: BenchDay = stored;
  if (size <= PART_SIZE) {
    const truth = generatePart(size, seed, 0);
    if (truth.processor.length !== stored.processorRows || truth.internal.length !== stored.ledgerRows) {
      throw new UsageError(
        `--reuse: the database holds ${stored.processorRows} processor and ${stored.ledgerRows} ledger rows, ` +
          `the day of --size ${size} --seed ${seed} has ${truth.processor.length} and ${truth.internal.length}: ` +
          "pass the --size and --seed of the run that loaded it",
      );
    }
    day.truth = truth;
  } else if (stored.processorRows > size || stored.processorRows < size * 0.9) {
    throw new UsageError(
      `--reuse: the database holds ${stored.processorRows} processor rows, not a day of --size ${size}`,
    );
  }
  line("ingest", "not measured (--reuse: the day was loaded by an earlier run)");
  await db.pool.query(`TRUNCATE ${RUN_STATE_TABLES.join(", ")} CASCADE`);
  await settleLoadedDay(db);
  return day;
}

async function storedRowCounts(db: Db): Promise<{ processorRows: number; ledgerRows: number }> {
  const { rows } = await db.pool.query<{ p: string; l: string }>(
    "SELECT (SELECT count(*) FROM processor_transactions)::text AS p, (SELECT count(*) FROM internal_transactions)::text AS l",
  );
  return { processorRows: Number(rows[0]!.p), ledgerRows: Number(rows[0]!.l) };
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
    process.stderr.write(
      `bench: CHECKPOINT refused (${(error as Error).message}); timings may include earlier write-back\n`,
    );
  }
}
