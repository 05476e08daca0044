import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import { SOURCE_SECRET_SETTINGS } from "@recon/sources";
import { createLogger, healthEnv, parseEnv, runMain, ShutdownManager, type Logger } from "@recon/runtime";
import type { Worker } from "bullmq";
import type { z } from "zod";
import { startFleetHealth } from "./health";

/** Something besides workers that an app runs and must stop on shutdown (a timer loop, a server). */
export interface Background {
  name: string;
  stop(): Promise<unknown>;
}

/** What every app's configuration holds: its log level, and optionally its shutdown budget. */
export interface AppConfig {
  LOG_LEVEL: string;
  RECON_SANDBOX?: boolean;
  /** How long SIGTERM waits for active work; DEFAULT_SHUTDOWN_TIMEOUT_MS when the app has no such variable. */
  SHUTDOWN_TIMEOUT_MS?: number;
}

/** The connections an app opens before it starts: what /readyz checks, closed last on shutdown. */
export interface AppConnections {
  db: Db;
  queues: QueueSet;
  close(): Promise<void>;
}

/** What an app's start hands back: what shutdown stops, and fields for its "started" line. */
export interface StartedApp {
  running: Array<Worker | Background>;
  log?: Record<string, unknown>;
}

export interface AppDefinition<Config extends AppConfig, Connections extends AppConnections> {
  /** Names the process: its logger, its metrics' `app` label, the one line a failed start prints. */
  name: string;
  /** The app's configuration schema, parsed once before anything else (with healthEnv's HEALTH_PORT). */
  env: z.ZodType<Config>;
  /** Where logs go: 1 (stdout, default) or 2 (stderr, for the CLI). */
  logFd?: 1 | 2;
  /** Export every queue's depth on /metrics (default true: any replica can drive the autoscaler). */
  watchQueues?: boolean;
  /** Opens the connections and checks them, bounded: throws naming what is unreachable. (Config is the env's, not inferred from here.) */
  connect(config: NoInfer<Config>, logger: Logger, app: string): Promise<Connections>;
  /** Starts the app's work; runs once the health server is bound. */
  start(connections: Connections, config: Config, logger: Logger): StartedApp | Promise<StartedApp>;
}

/** The shutdown budget of an app whose configuration does not set SHUTDOWN_TIMEOUT_MS. */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * The whole life of a long-running app, the same for all of them: parse the configuration, create
 * the logger, connect, bind /healthz, /readyz and /metrics on HEALTH_PORT, start the app's work,
 * then on SIGTERM/SIGINT close the health server (orchestrators stop routing), the app's workers
 * and servers, then its connections, within SHUTDOWN_TIMEOUT_MS (exit 0; a close that fails, the
 * timeout or a second signal exit 1). A failed start (a bad variable, missing credentials,
 * Postgres or Redis unreachable, a port in use) closes what it opened, prints one line naming the
 * cause and exits 1 (runMain).
 */
export function runApp<Config extends AppConfig, Connections extends AppConnections>(
  app: AppDefinition<Config, Connections>,
): Promise<void> {
  return runMain(app.name, async () => {
    const config = parseEnv(app.env);
    const { HEALTH_PORT } = parseEnv(healthEnv);
    const logger = createLogger({
      name: app.name,
      level: config.LOG_LEVEL,
      secretKeys: SOURCE_SECRET_SETTINGS,
      ...(app.logFd ? { fd: app.logFd } : {}),
    });
    const connections = await app.connect(config, logger, app.name);
    // The cause of a failed start is what gets printed, not a close that failed after it.
    const closeQuietly = (what: { close(): Promise<unknown> }) =>
      what
        .close()
        .catch((error: unknown) => logger.warn({ err: error }, "close after a failed start failed"));
    // Bound before any work starts: a HEALTH_PORT in use stops the process with nothing to hand back.
    const health = await startFleetHealth(
      { db: connections.db, queues: connections.queues, logger },
      { port: HEALTH_PORT, app: app.name, workers: [], watchQueues: app.watchQueues ?? true },
    ).catch(async (error: unknown) => {
      await closeQuietly(connections);
      throw error;
    });
    const started = await (async () => app.start(connections, config, logger))().catch(
      async (error: unknown) => {
        await closeQuietly(health);
        await closeQuietly(connections);
        throw error;
      },
    );
    const shutdown = new ShutdownManager({
      logger,
      timeoutMs: config.SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    });
    shutdown.register("health-server", "servers", () => health.close());
    for (const item of started.running) {
      if ("stop" in item) shutdown.register(item.name, "workers", () => item.stop());
      else shutdown.register(item.name, "workers", () => item.close());
    }
    shutdown.register("connections", "connections", () => connections.close());
    health.addWorkers(started.running.filter((item): item is Worker => !("stop" in item)));
    shutdown.listen();
    logger.info(
      { sandbox: config.RECON_SANDBOX, health: health.server.url, ...started.log },
      `${app.name} started`,
    );
  });
}
