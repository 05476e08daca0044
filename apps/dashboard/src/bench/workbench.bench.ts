// `pnpm bench:workbench`: the workbench's pages at 100,000 discrepancies in one run. Creates a
// fresh database (dropped at the end), seeds the run set-based, a month of runs and open breaks,
// starts the dashboard as the local sandbox on a free port, warms up, then times N GETs of each
// page and prints median and p95. Exits 1 when any page misses the 300 ms target.
import { createDatabaseIfMissing, createDb, dropDatabase, migrate, withDatabase, type Db } from "@recon/db";
import { createQueueSet, createRedisConnection, waitUntilReady } from "@recon/queue";
import { databaseEnv, parseEnv, redisEnv } from "@recon/runtime";
import { sessionKeyPrefix } from "../auth/sessions";
import { startDashboard } from "../start-dashboard";
import { SEED_RUN_DATE, seedRunWithDiscrepancies } from "./seed-run";

const DISCREPANCIES = 100_000;
const SAMPLES = 20;
const WARM_UP = 3;
const TARGET_MS = 300;

function line(name: string, value: string | number): void {
  process.stdout.write(`${name} ${value}\n`);
}

/** The month before the seeded day: four processors' runs and 100,000 breaks (75,000 open) over 45 days. */
async function seedMonth(db: Db, runId: string): Promise<void> {
  await db.pool.query(
    `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, counts, totals, error_message)
     SELECT gen_random_uuid(), $1::date - d, p, CASE WHEN d % 11 = 3 THEN 'failed' ELSE 'completed' END,
            jsonb_build_object('missing_in_internal', d), jsonb_build_object('USD', jsonb_build_object('atRiskMinor', (d * 1250)::text)),
            CASE WHEN d % 11 = 3 THEN 'fetch timed out' END
       FROM generate_series(1, 29) AS d, unnest(ARRAY['stripe','paypal','square','adyen']) AS p`,
    [SEED_RUN_DATE],
  );
  await db.pool.query(
    `INSERT INTO breaks (processor, break_key, kind, processor_external_id, currency, amount_at_risk_minor, reason, status,
                         first_seen_run_date, first_seen_run_id, last_seen_run_date, resolution, resolved_at)
     SELECT 'stripe', 'missing_in_internal|b_' || i || '|', 'missing_in_internal', 'b_' || i, (ARRAY['USD','JPY','KWD'])[1 + i % 3],
            (i::bigint * 104729) % 5000000 + 1, 'seeded', CASE WHEN i % 4 = 0 THEN 'resolved' ELSE 'open' END,
            $1::date - (i % 45), $2, $1::date, CASE WHEN i % 4 = 0 THEN 'manual' END,
            CASE WHEN i % 4 = 0 THEN ($1::date - (i % 10))::timestamptz END
       FROM generate_series(1, 100000) AS i`,
    [SEED_RUN_DATE, runId],
  );
  await db.pool.query("ANALYZE");
}

async function timeGet(url: string): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(url);
  await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<number> {
  const config = parseEnv(databaseEnv.extend(redisEnv.shape));
  const url = withDatabase(config.DATABASE_URL, `recon_workbench_bench_${Date.now()}`);
  await createDatabaseIfMissing(url);
  const db = createDb(url);
  const connection = createRedisConnection(config.REDIS_URL, "producer");
  try {
    await migrate(url);
    const seedStart = Date.now();
    const runId = await seedRunWithDiscrepancies(db, DISCREPANCIES);
    await seedMonth(db, runId);
    line("workbench_discrepancies", DISCREPANCIES);
    line("workbench_seed_ms", Date.now() - seedStart);
    await waitUntilReady(connection);
    const queues = createQueueSet(connection, `recon-workbench-bench-${process.pid}`);
    const dashboard = await startDashboard({ queues, db, credentials: undefined, port: 0, host: "127.0.0.1" });
    const pages: [string, string][] = [
      ["run_page_unfiltered", `/runs/${runId}`],
      ["run_page_by_kind", `/runs/${runId}?kind=amount_mismatch`],
      ["run_page_by_amount", `/runs/${runId}?min=1000&max=2500`],
      ["run_page_by_currency", `/runs/${runId}?currency=JPY`],
      ["run_page_text_search", `/runs/${runId}?q=order-42`],
      ["run_page_deep_page_1000", `/runs/${runId}?page=1000`],
      ["overview", `/?asOf=${SEED_RUN_DATE}`],
      ["runs_list", "/runs"],
      ["breaks_list", "/breaks"],
      ["breaks_by_bucket_sorted_by_amount", "/breaks?bucket=8-30&sort=amount"],
      ["breaks_by_amount_range", "/breaks?min=100&max=2500"],
      ["breaks_text_search", "/breaks?q=b_4242"],
      ["breaks_deep_page_1000", "/breaks?page=1000"],
      ["break_detail", "/breaks/4242"],
    ];
    let missed = 0;
    try {
      for (const [name, path] of pages) {
        for (let i = 0; i < WARM_UP; i++) await timeGet(dashboard.url + path);
        const samples: number[] = [];
        for (let i = 0; i < SAMPLES; i++) samples.push(await timeGet(dashboard.url + path));
        samples.sort((a, b) => a - b);
        const median = percentile(samples, 50);
        const p95 = percentile(samples, 95);
        const met = p95 <= TARGET_MS;
        if (!met) missed++;
        line(`workbench_${name}`, `median ${median.toFixed(1)} ms p95 ${p95.toFixed(1)} ms (n=${SAMPLES}) target ${TARGET_MS} ms: ${met ? "met" : "MISSED"}`);
      }
    } finally {
      await dashboard.close();
      // The queues' keys under the bench's own prefix go with it.
      for (const queue of Object.values(queues.queues)) await queue.obliterate({ force: true });
      const sessions = await connection.keys(`${sessionKeyPrefix(queues.prefix)}*`);
      if (sessions.length > 0) await connection.del(...sessions);
      await queues.close();
    }
    return missed === 0 ? 0 : 1;
  } finally {
    connection.disconnect();
    await db.close();
    await dropDatabase(url);
  }
}

process.exitCode = await main();
