import { createDbFromConfig, type Db, type DatabaseConfig } from "@recon/db";
import { createQueueSet, createRedisConnection, queueDepthSources, type QueueSet } from "@recon/queue";
import { createMetrics, ShutdownManager, startHealthServer, type HealthServer, type Logger } from "@recon/runtime";
import type { Redis } from "ioredis";
import { claimFleetMode } from "./claim-mode";
import { checkDependencies, redisErrorLog, type DependencySettings } from "./startup-checks";

/** The connections of an app that serves HTTP beside the fleet. */
export interface BesideFleetConnections {
  db: Db;
  connection: Redis;
  queues: QueueSet;
}

/**
 * Opens Postgres (a small pool named `recon-<app>`) and a producer Redis connection, and checks
 * both as every process does at start (checkDependencies: bounded, naming what is unreachable),
 * and that the database and the queues hold data of this process's mode (claimFleetMode).
 */
export async function connectBesideFleet(
  app: string,
  config: DatabaseConfig & DependencySettings & { REDIS_URL: string; QUEUE_PREFIX: string },
  logger: Logger,
): Promise<BesideFleetConnections> {
  const db = createDbFromConfig(config, { applicationName: `recon-${app}`, max: 4 });
  const redisErrors = redisErrorLog(logger);
  const connection = createRedisConnection(config.REDIS_URL, "producer", redisErrors.onError);
  try {
    await checkDependencies(config, connection, logger);
    redisErrors.started();
    await claimFleetMode({ db, redis: connection }, config, app);
  } catch (error) {
    connection.disconnect();
    await db.close();
    throw error;
  }
  return { db, connection, queues: createQueueSet(connection, config.QUEUE_PREFIX) };
}

export interface ServedApp {
  /** Label of the app's metrics and name of its server in the shutdown log. */
  app: string;
  /** The app's own HTTP server (dashboard, Slack bot), closed first on shutdown. */
  server: { close(): Promise<unknown> };
  queues: QueueSet;
  connection: Redis;
  db: Db;
  logger: Logger;
  healthPort: number;
  /** Export every queue's depth on this app's /metrics too (the dashboard does). */
  watchQueues?: boolean;
}

/**
 * The rest of the life of an app that serves HTTP beside the fleet rather than running workers:
 * its /healthz, /readyz (Redis and Postgres) and /metrics, then on SIGTERM/SIGINT its servers,
 * queues and connections closed in that order. Returns the health server (for its URL).
 */
export async function serveBesideFleet(served: ServedApp): Promise<HealthServer> {
  const metrics = createMetrics({ labels: { app: served.app } });
  if (served.watchQueues) metrics.watchQueues(queueDepthSources(served.queues));
  const health = await startHealthServer({
    port: served.healthPort,
    logger: served.logger,
    registry: metrics.registry,
    checks: { redis: () => served.connection.ping(), postgres: () => served.db.pool.query("SELECT 1") },
  });
  const shutdown = new ShutdownManager({ logger: served.logger, timeoutMs: 10_000 });
  shutdown.register(served.app, "servers", () => served.server.close());
  shutdown.register("health-server", "servers", () => health.close());
  shutdown.register("queues", "queues", () => served.queues.close());
  shutdown.register("connections", "connections", async () => {
    await served.db.close();
    served.connection.disconnect();
  });
  shutdown.listen();
  return health;
}
