// `pnpm test:chaos`: the fleet as separate processes on a Postgres and a Redis this suite starts
// itself, under SIGKILLs and outages; then checks and figures. Exits 1 when any check fails.
// Phases: kills, redis-aof, redis-none, pg-10s, pg-120s (one fleet, one replica per worker, the
// emulators with transient faults on), then load (two replicas per worker). See docs/operations.md.
import { PROCESSORS } from "@recon/domain";
import pg from "pg";
import { computeBaseline } from "./baseline";
import type { ChaosContext } from "./chaos-context";
import { untilAlertsQuiet } from "./deliveries";
import { duplicateKeys } from "./duplicates";
import { inheritedEnvironment } from "./env";
import { evaluateRuns } from "./evaluate-phase";
import { formatFigures, type PhaseRow } from "./figures-table";
import { fleetEnvironment } from "./fleet-env";
import { startFleetProcesses } from "./fleet-processes";
import { startInfra } from "./infra";
import { parseChaosOptions, type Phase } from "./options";
import { KILL_DAYS, runKillsPhase } from "./phases/kills-phase";
import { runLoadPhase } from "./phases/load-phase";
import { OUTAGE_DAYS, runPostgresOutagePhase, runRedisRestartPhase } from "./phases/outage-phases";
import { openQueueProbe } from "./queue-probe";
import { waitForRunsToEnd } from "./wait-for-runs";

type ChaosPhase = Exclude<Phase, "load">;

const DAYS_OF: Record<ChaosPhase, readonly string[]> = {
  kills: KILL_DAYS,
  "redis-aof": [OUTAGE_DAYS["redis-aof"]],
  "redis-none": [OUTAGE_DAYS["redis-none"]],
  "pg-10s": [OUTAGE_DAYS["pg-10s"]],
  "pg-120s": [OUTAGE_DAYS["pg-120s"]],
};

const log = (line: string): void => void process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

function act(ctx: ChaosContext, phase: ChaosPhase, kills: number): Promise<string[]> {
  if (phase === "kills") return runKillsPhase(ctx, kills);
  if (phase === "redis-aof") return runRedisRestartPhase(ctx, "aof");
  if (phase === "redis-none") return runRedisRestartPhase(ctx, "none");
  return runPostgresOutagePhase(ctx, phase === "pg-10s" ? 10 : 120);
}

const options = parseChaosOptions(process.argv.slice(2));
const base = inheritedEnvironment();
const suiteStart = Date.now();
log(`phases: ${options.phases.join(", ")}; settle deadline ${options.settleMs / 1000} s`);
const infra = await startInfra();
log(`private Postgres ${infra.postgres.url}, Redis ${infra.redis.url} (AOF); logs in ${infra.workDir}`);

const rows: PhaseRow[] = [];
const notes: string[] = [];
const duplicates: Record<string, Record<string, number>> = {};
let crashLog: string[] = [];
let failed = false;
try {
  const chaosPhases = options.phases.filter((phase): phase is ChaosPhase => phase !== "load");
  if (chaosPhases.length > 0) {
    const days = chaosPhases.flatMap((phase) => DAYS_OF[phase]);
    log(`baseline: recon run of ${days.length} day(s) × ${PROCESSORS.length} processors without faults`);
    const baseline = await computeBaseline(days, {
      base,
      databaseUrl: await infra.database("recon_baseline"),
      redisUrl: infra.redis.url,
      reportsDir: infra.workDir,
    });

    const databaseUrl = await infra.database("recon_chaos");
    const env = fleetEnvironment(infra, { base, databaseUrl, queuePrefix: "chaos", faultyEmulators: true });
    const fleet = startFleetProcesses({ env, replicas: 1, logDir: infra.workDir, scheduler: true });
    const probe = await openQueueProbe(infra.redis.url, "chaos", databaseUrl);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    pool.on("error", () => undefined);
    const ctx: ChaosContext = { infra, fleet, probe, pool, log };
    await probe.untilWorkersConnected(1);
    try {
      for (const phase of chaosPhases) {
        const before = { ...fleet.counters };
        const started = Date.now();
        log(`phase ${phase}`);
        notes.push(...(await act(ctx, phase, options.kills)).map((note) => `${phase}: ${note}`));
        const runs = DAYS_OF[phase].flatMap((date) => PROCESSORS.map((processor) => ({ processor, date })));
        const settled = await waitForRunsToEnd(pool, runs, options.settleMs);
        const wallMs = Date.now() - started;
        await untilAlertsQuiet(infra);
        const figures = await evaluateRuns({ pool, runs, settled, baseline, sinks: infra });
        notes.push(...figures.findings.map((finding) => `${phase}: ${finding}`));
        rows.push({
          phase,
          kills: fleet.counters.kills - before.kills,
          restarts: fleet.counters.restarts - before.restarts,
          crashes: fleet.counters.crashes - before.crashes,
          figures,
          wallMs,
        });
        log(`phase ${phase} done: ${figures.completed} completed, ${figures.failedAndAlerted} failed and alerted, ${figures.lost} lost`);
      }
      duplicates.chaos = await duplicateKeys(pool);
      crashLog = [...fleet.counters.crashLog];
    } finally {
      await fleet.stop();
      await probe.close();
      await pool.end();
    }
  }

  if (options.phases.includes("load")) {
    log(`phase load: ${options.loadDays} days × ${PROCESSORS.length} processors at once`);
    const load = await runLoadPhase(infra, base, options.loadDays, Math.max(options.settleMs, 1_200_000), log);
    rows.push({ phase: "load", kills: 0, restarts: load.counters.restarts, crashes: load.counters.crashes, figures: load.figures, wallMs: load.wallMs });
    notes.push(...load.figures.findings.map((finding) => `load: ${finding}`));
    crashLog.push(...load.counters.crashLog);
    duplicates.load = load.duplicates;
  }

  const dupTotal = Object.values(duplicates).reduce((n, byTable) => n + Object.values(byTable).reduce((m, k) => m + k, 0), 0);
  const problems = rows.reduce(
    (n, r) => n + r.crashes + r.figures.lost + r.figures.outcomeMismatches + r.figures.emailNotOne + r.figures.slackNotOne + r.figures.reportSetsMissing,
    0,
  );
  failed = problems + dupTotal > 0;
  const out = [
    "",
    formatFigures(rows),
    "",
    `duplicate keys: ${dupTotal}${dupTotal ? ` ${JSON.stringify(duplicates)}` : " (processor/internal transactions, runs, discrepancies, missing transactions, outbox events, processed events)"}`,
    `total wall time: ${Math.round((Date.now() - suiteStart) / 1000)} s`,
    ...(crashLog.length ? ["", "process crashes (exits nobody asked for):", ...crashLog.map((line) => `  ${line}`)] : []),
    ...(notes.length ? ["", "notes and findings:", ...notes.map((line) => `  ${line}`)] : []),
    "",
    failed ? "CHAOS SUITE FAILED" : "chaos suite passed",
    "",
  ];
  process.stdout.write(out.join("\n"));
} catch (error) {
  failed = true;
  process.stderr.write(`chaos suite aborted: ${(error as Error).stack ?? String(error)}\n`);
} finally {
  await infra.close(failed);
  if (failed) log(`process logs kept in ${infra.workDir}`);
}
process.exit(failed ? 1 : 0);
