import { createDbFromConfig, type Db } from "@recon/db";
import { createQueueSet, createRedisConnection, waitUntilReady, type QueueSet } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import type { Redis } from "ioredis";
import type { FleetConfig } from "./env";
import { createSourceRegistry, type SourceRegistry } from "./sources";

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

export async function createFleetContext(config: FleetConfig, logger: Logger): Promise<FleetContext> {
  const onRedisError = (error: Error) => logger.warn({ err: error.message }, "redis connection error");
  const db = createDbFromConfig(config);
  const producer = createRedisConnection(config.REDIS_URL, "producer", onRedisError);
  const workerConnection = createRedisConnection(config.REDIS_URL, "worker", onRedisError);
  await waitUntilReady(producer);
  const queues = createQueueSet(producer, config.QUEUE_PREFIX);
  const sources = await createSourceRegistry(config, logger);
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
