import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import { createMetrics, ShutdownManager, startHealthServer, type HealthServer, type Logger } from "@recon/runtime";
import type { Redis } from "ioredis";

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
  if (served.watchQueues) metrics.watchQueues(Object.values(served.queues.queues));
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
