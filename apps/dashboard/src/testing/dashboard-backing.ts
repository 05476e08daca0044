import { createDb, type Db } from "@recon/db";
import { createQueueSet, createRedisConnection, waitUntilReady, type QueueSet } from "@recon/queue";
import { createTestDatabase, deleteKeysUnder, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";

/** What a dashboard under test reads and acts on: its own database and queues. */
export interface DashboardBacking {
  database: TestDatabase;
  db: Db;
  queues: QueueSet;
  /** Removes the queues' keys (sessions included: they live under the queue prefix) and the database. */
  close(): Promise<void>;
}

/** A fresh test database and a queue set under a unique prefix, for one test file's dashboards. */
export async function openDashboardBacking(name: string, options: { maxConnections?: number } = {}): Promise<DashboardBacking> {
  const database = await createTestDatabase({ name });
  const db = createDb(database.url, { max: options.maxConnections ?? 4 });
  const connection = createRedisConnection(testRedisUrl(), "producer");
  await waitUntilReady(connection);
  const queues = createQueueSet(connection, uniquePrefix(name));
  return {
    database,
    db,
    queues,
    async close() {
      await queues.close();
      await deleteKeysUnder(connection, queues.prefix);
      connection.disconnect();
      await db.close();
      await database.drop();
    },
  };
}
