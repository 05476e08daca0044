import { createDbFromConfig, type Db, type DatabaseConfig } from "@recon/db";
import { createQueueSet, createRedisConnection, type QueueSet } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import type { Redis } from "ioredis";
import { claimFleetMode } from "./claim-mode";
import { checkDependencies, redisErrorLog, type DependencySettings } from "./startup-checks";

/** The connections of an app that serves HTTP beside the fleet (dashboard, Slack bot) rather than running workers. */
export interface BesideFleetConnections {
  db: Db;
  connection: Redis;
  queues: QueueSet;
  /** Queues, then Postgres, then Redis. */
  close(): Promise<void>;
}

/**
 * Opens Postgres (a small pool named `recon-<app>`) and a producer Redis connection, and checks
 * both as every process does at start (checkDependencies: bounded, naming what is unreachable),
 * and that the database and the queues hold data of this process's mode (claimFleetMode).
 * The shape of runApp's `connect`.
 */
export async function connectBesideFleet(
  config: DatabaseConfig & DependencySettings & { REDIS_URL: string; QUEUE_PREFIX: string },
  logger: Logger,
  app: string,
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
  const queues = createQueueSet(connection, config.QUEUE_PREFIX);
  return {
    db,
    connection,
    queues,
    async close() {
      await queues.close();
      await db.close();
      connection.disconnect();
    },
  };
}
