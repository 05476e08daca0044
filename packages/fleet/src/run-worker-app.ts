import { createLogger, healthEnv, parseEnv, ShutdownManager } from "@recon/runtime";
import type { Worker } from "bullmq";
import { createFleetContext, type FleetContext } from "./context";
import { fleetEnv } from "./env";
import { startFleetHealth } from "./health";

/** Something besides workers that an app runs and must stop on shutdown (a timer loop, a server). */
export interface Background {
  name: string;
  stop(): Promise<unknown>;
}

/**
 * The whole life of a worker app: parse configuration once, connect, start workers, then on
 * SIGTERM/SIGINT close workers (finishing or handing back active jobs), then queues, then
 * connections, within SHUTDOWN_TIMEOUT_MS.
 */
export async function runWorkerApp(
  name: string,
  start: (ctx: FleetContext) => Array<Worker | Background>,
): Promise<void> {
  const config = parseEnv(fleetEnv);
  const { HEALTH_PORT } = parseEnv(healthEnv);
  const logger = createLogger({ name, level: config.LOG_LEVEL });
  const ctx = await createFleetContext(config, logger);
  const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  const startedAll = start(ctx);
  for (const started of startedAll) {
    if ("stop" in started) shutdown.register(started.name, "workers", () => started.stop());
    else shutdown.register(started.name, "workers", () => started.close());
  }
  // Probes and metrics; closed first on shutdown so Kubernetes stops routing before workers stop.
  const health = await startFleetHealth(ctx, {
    port: HEALTH_PORT,
    app: name,
    workers: startedAll.filter((started): started is Worker => !("stop" in started)),
  }).catch(async (error: unknown) => {
    // E.g. HEALTH_PORT in use: close the workers just started (handing back any job) before failing.
    await shutdown.shutdown();
    throw error;
  });
  shutdown.register("health-server", "servers", () => health.close());
  shutdown.register("fleet", "connections", () => ctx.close());
  shutdown.listen();
  logger.info({ sandboxed: [...ctx.sources.sandboxed] }, `${name} started`);
}
