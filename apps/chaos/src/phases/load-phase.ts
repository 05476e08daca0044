// Must-show 5, load: many processor-days at once on two replicas of every worker (clean sandbox,
// no faults), on a database and queue prefix of its own. Counts what ended and what went out.
import { PROCESSORS } from "@recon/domain";
import pg from "pg";
import { duplicateKeys } from "../duplicates";
import { untilAlertsQuiet } from "../deliveries";
import { evaluateRuns, type RunFigures } from "../evaluate-phase";
import { fleetEnvironment } from "../fleet-env";
import { startFleetProcesses, type FleetCounters } from "../fleet-processes";
import type { Infra } from "../infra";
import { openQueueProbe } from "../queue-probe";
import { waitForRunsToEnd } from "../wait-for-runs";

function loadDays(count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(2025, 10, 1 + i)).toISOString().slice(0, 10));
}

export interface LoadResult {
  figures: RunFigures;
  counters: FleetCounters;
  duplicates: Record<string, number>;
  wallMs: number;
}

export async function runLoadPhase(infra: Infra, base: NodeJS.ProcessEnv, days: number, timeoutMs: number, log: (line: string) => void): Promise<LoadResult> {
  const databaseUrl = await infra.database("recon_load");
  const env = fleetEnvironment(infra, { base, databaseUrl, queuePrefix: "load", faultyEmulators: false });
  const fleet = startFleetProcesses({ env, replicas: 2, logDir: infra.workDir, scheduler: false });
  const probe = await openQueueProbe(infra.redis.url, "load", databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on("error", () => undefined);
  try {
    const dates = loadDays(days);
    const runs = dates.flatMap((date) => PROCESSORS.map((processor) => ({ processor, date })));
    await probe.untilWorkersConnected(2);
    const started = Date.now();
    await probe.trigger(dates);
    log(`load: ${runs.length} processor-days triggered on two replicas of each worker`);
    const settled = await waitForRunsToEnd(pool, runs, timeoutMs);
    const wallMs = Date.now() - started;
    await untilAlertsQuiet(infra);
    const figures = await evaluateRuns({ pool, runs, settled, baseline: undefined, sinks: infra });
    return { figures, counters: fleet.counters, duplicates: await duplicateKeys(pool), wallMs };
  } finally {
    await fleet.stop();
    await probe.close();
    await pool.end();
  }
}
