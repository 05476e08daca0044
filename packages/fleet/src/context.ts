import { createDbFromConfig, type Db } from "@recon/db";
import { createQueueSet, createRedisConnection, type QueueSet } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import type { Redis } from "ioredis";
import { checkFleetConfig } from "./config-checks";
import type { FleetConfig } from "./env";
import { createSourceRegistry, type SourceRegistry } from "./sources";
import { checkDependencies, redisErrorLog } from "./startup-checks";

/** The connections and sources one process of the fleet shares between its workers. */
export interface FleetContext {
  config: FleetConfig;
  logger: Logger;
  db: Db;
  /** Producer-side queues (fail fast when Redis is away). */
  queues: QueueSet;
  /** Blocking connection for workers (never gives up a request). */
  workerConnection: Redis;
  sources: SourceRegistry;
  close(): Promise<void>;
}

/**
 * Checks the configuration, connects, and checks Postgres and Redis answer (bounded): a process
 * that cannot work fails here, within seconds, with an error naming the cause, and leaves
 * nothing open behind it. Later outages are survived: connections reconnect, /readyz says 503.
 */
export async function createFleetContext(config: FleetConfig, logger: Logger): Promise<FleetContext> {
  checkFleetConfig(config);
  const redisErrors = redisErrorLog(logger);
  const onPostgresError = (error: Error) => logger.warn({ err: error.message }, "postgres connection lost");
  const db = createDbFromConfig(config, { onConnectionError: onPostgresError });
  const producer = createRedisConnection(config.REDIS_URL, "producer", redisErrors.onError);
  const workerConnection = createRedisConnection(config.REDIS_URL, "worker", redisErrors.onError);
  const closeConnections = async () => {
    producer.disconnect();
    workerConnection.disconnect();
    await db.close();
  };
  let sources: SourceRegistry;
  try {
    await checkDependencies(config, producer, logger);
    redisErrors.started();
    sources = await createSourceRegistry(config, logger);
  } catch (error) {
    await closeConnections();
    throw error;
  }
  const queues = createQueueSet(producer, config.QUEUE_PREFIX);
  return {
    config,
    logger,
    db,
    queues,
    workerConnection,
    sources,
    async close() {
      await queues.close();
      await sources.close();
      await db.close();
      producer.disconnect();
      workerConnection.disconnect();
    },
  };
}
