import { createLogger, healthEnv, parseEnv, runMain, ShutdownManager } from "@recon/runtime";
import type { Worker } from "bullmq";
import { createFleetContext, type FleetContext } from "./context";
import { fleetEnv } from "./env";
import { startFleetHealth } from "./health";

/** Something besides workers that an app runs and must stop on shutdown (a timer loop, a server). */
export interface Background {
  name: string;
  stop(): Promise<unknown>;
}

export interface WorkerAppOptions {
  /** Where logs go: 1 (stdout, default) or 2 (stderr, for the CLI). */
  logFd?: 1 | 2;
}

/**
 * The whole life of a worker app: parse configuration once, connect, start workers, then on
 * SIGTERM/SIGINT close workers (finishing or handing back active jobs), then queues, then
 * connections, within SHUTDOWN_TIMEOUT_MS. A failed start (invalid configuration, HEALTH_PORT in
 * use, Postgres or Redis unreachable) prints one line naming the cause and exits 1 (runMain).
 */
export function runWorkerApp(
  name: string,
  start: (ctx: FleetContext) => Array<Worker | Background>,
  options: WorkerAppOptions = {},
): Promise<void> {
  return runMain(name, async () => {
    const config = parseEnv(fleetEnv);
    const { HEALTH_PORT } = parseEnv(healthEnv);
    const logger = createLogger({ name, level: config.LOG_LEVEL, ...(options.logFd ? { fd: options.logFd } : {}) });
    const ctx = await createFleetContext(config, logger);
    // Probes and metrics, bound before any worker takes a job: a HEALTH_PORT in use stops the
    // process with nothing to hand back. Closed first on shutdown so Kubernetes stops routing.
    const health = await startFleetHealth(ctx, { port: HEALTH_PORT, app: name, workers: [] }).catch(async (error: unknown) => {
      await ctx.close();
      throw error;
    });
    const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
    shutdown.register("health-server", "servers", () => health.close());
    shutdown.register("fleet", "connections", () => ctx.close());
    const startedAll = start(ctx);
    for (const started of startedAll) {
      if ("stop" in started) shutdown.register(started.name, "workers", () => started.stop());
      else shutdown.register(started.name, "workers", () => started.close());
    }
    health.addWorkers(startedAll.filter((started): started is Worker => !("stop" in started)));
    shutdown.listen();
    logger.info({ sandboxed: [...ctx.sources.sandboxed] }, `${name} started`);
  });
}
