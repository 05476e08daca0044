import { Writable } from "node:stream";
import type { Redis } from "ioredis";
import { createLogger, type Logger } from "@recon/runtime";
import { testRedisUrl } from "../../testing/src/redis-url";
import { uniquePrefix } from "../../testing/src/unique-prefix";
import { createRedisConnection, waitUntilReady } from "./connection";
import { createQueueSet, type QueueSet } from "./queues";

/**
 * Test-only: a QueueSet under a unique BullMQ prefix on the real test Redis. cleanup() closes
 * everything the fixture opened (workers first) and deletes every key under the prefix.
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

const silentLogger: Logger = createLogger({
  name: "queue-test",
  level: "silent",
  destination: new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  }),
});

export async function openRedisFixture(name: string): Promise<RedisFixture> {
  const prefix = uniquePrefix(name);
  const url = testRedisUrl();
  const producer = createRedisConnection(url, "producer");
  await waitUntilReady(producer);
  const set = createQueueSet(producer, prefix);
  const resources: { close(): Promise<unknown> }[] = [];
  const connections: Redis[] = [];
  return {
    prefix,
    set,
    logger: silentLogger,
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
      let cursor = "0";
      do {
        const [next, keys] = await producer.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await producer.del(...keys);
      } while (cursor !== "0");
      await Promise.all([...connections, producer].map((connection) => connection.quit()));
    },
  };
}
