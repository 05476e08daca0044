import { createLogger, healthEnv, parseEnv, runMain, ShutdownManager } from "@recon/runtime";
import { SOURCE_SECRET_SETTINGS } from "@recon/sources";
import type { Worker } from "bullmq";
import { createFleetContext, type FetchingFleetContext, type FleetContext } from "./context";
import { fleetEnv } from "./env";
import { startFleetHealth } from "./health";
import type { SourceNeeds } from "./source-credentials";

/** Something besides workers that an app runs and must stop on shutdown (a timer loop, a server). */
export interface Background {
  name: string;
  stop(): Promise<unknown>;
}

export interface WorkerAppOptions {
  /** Where logs go: 1 (stdout, default) or 2 (stderr, for the CLI). */
  logFd?: 1 | 2;
  /** The app fetches from the sources: they are checked and opened at start (see createFleetContext). */
  sources?: SourceNeeds;
}

/**
 * The whole life of a worker app: parse configuration once, connect, start workers, then on
 * SIGTERM/SIGINT close workers (finishing or handing back active jobs), then queues, then
 * connections, within SHUTDOWN_TIMEOUT_MS. A failed start (invalid configuration, missing source
 * credentials, a database of the other mode, HEALTH_PORT in use, Postgres or Redis unreachable)
 * prints one line naming the cause and exits 1 (runMain).
 */
export function runWorkerApp(
  name: string,
  start: (ctx: FetchingFleetContext) => Array<Worker | Background>,
  options: WorkerAppOptions & { sources: SourceNeeds },
): Promise<void>;
export function runWorkerApp(name: string, start: (ctx: FleetContext) => Array<Worker | Background>, options?: WorkerAppOptions): Promise<void>;
export function runWorkerApp(
  name: string,
  start: (ctx: FetchingFleetContext) => Array<Worker | Background>,
  options: WorkerAppOptions = {},
): Promise<void> {
  return runMain(name, async () => {
    const config = parseEnv(fleetEnv);
    const { HEALTH_PORT } = parseEnv(healthEnv);
    const logger = createLogger({ name, level: config.LOG_LEVEL, secretKeys: SOURCE_SECRET_SETTINGS, ...(options.logFd ? { fd: options.logFd } : {}) });
    // Only an app that fetches opens the sources (and, in a sandbox, starts the emulators). The
    // overloads above pair a start that needs the sources with the `sources` option.
    const ctx = (await createFleetContext(config, logger, { app: name, ...(options.sources ? { sources: options.sources } : {}) })) as FetchingFleetContext;
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
    logger.info({ sandbox: config.RECON_SANDBOX }, `${name} started`);
  });
}
