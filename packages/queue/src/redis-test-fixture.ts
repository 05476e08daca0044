import type { Redis } from "ioredis";
import type { Logger } from "@recon/runtime";
import { silentLogger, testRedisUrl } from "@recon/testing";
import { createRedisConnection, waitUntilReady } from "./connection";
import { createQueueSet, type QueueSet } from "./queues";

/**
 * Test-only: a QueueSet under a test's own BullMQ prefix (redisTest's `redisPrefix`, whose keys
 * the kit deletes after the test) on the real test Redis. cleanup() closes everything the fixture
 * opened, workers first.
 */
export interface RedisFixture {
  prefix: string;
  set: QueueSet;
  logger: Logger;
  /** A worker-role connection, closed by cleanup(). */
  workerConnection(): Promise<Redis>;
  /** Registers a resource (a Worker, say) to close before the queues. */
  track<T extends { close(): Promise<unknown> }>(resource: T): T;
  cleanup(): Promise<void>;
}

export async function openRedisFixture(prefix: string): Promise<RedisFixture> {
  const url = testRedisUrl();
  const producer = createRedisConnection(url, "producer");
  await waitUntilReady(producer);
  const set = createQueueSet(producer, prefix);
  const resources: { close(): Promise<unknown> }[] = [];
  const connections: Redis[] = [];
  return {
    prefix,
    set,
    logger: silentLogger(),
    async workerConnection() {
      const connection = createRedisConnection(url, "worker");
      connections.push(connection);
      await waitUntilReady(connection);
      return connection;
    },
    track(resource) {
      resources.push(resource);
      return resource;
    },
    async cleanup() {
      await Promise.all(resources.map((resource) => resource.close()));
      await set.close();
      await Promise.all([...connections, producer].map((connection) => connection.quit()));
    },
  };
}
