import { Redis } from "ioredis";
import { test } from "vitest";
import { deleteKeysUnder } from "./delete-keys";
import { testRedisUrl } from "./redis-url";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { uniquePrefix } from "./unique-prefix";

/** What a fixture's function gets besides the fixtures it asks for (vitest's builder form). */
interface FixtureTools {
  onCleanup: (cleanup: () => Promise<void> | void) => void;
}

// vitest reads the fixtures a fixture needs from its destructured first parameter: `{}` needs none.
/* eslint-disable no-empty-pattern */

/** A fresh, migrated database, dropped after the file. */
async function database({}, { onCleanup }: FixtureTools): Promise<TestDatabase> {
  const created = await createTestDatabase();
  onCleanup(() => created.drop());
  return created;
}

/** A connection to the test Redis, closed after the file. */
async function redis({}, { onCleanup }: FixtureTools): Promise<Redis> {
  const connection = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 3 });
  await connection.connect();
  onCleanup(async () => {
    await connection.quit();
  });
  return connection;
}

/** A key (and BullMQ) prefix no other test uses; its keys are deleted after the test. */
function redisPrefix(
  { redis, task }: { redis: Redis; task: { name: string } },
  { onCleanup }: FixtureTools,
): string {
  const prefix = uniquePrefix(task.name);
  onCleanup(() => deleteKeysUnder(redis, prefix));
  return prefix;
}
/* eslint-enable no-empty-pattern */

/**
 * vitest's `test` with `database`: a fresh, migrated database for the test file (created on first
 * use, dropped after the file). File hooks get it too: `dbTest.beforeAll(({ database }) => …)`.
 */
export const dbTest = test.extend("database", { scope: "file" }, database);

/** vitest's `test` with `redis` (a connection for the file) and `redisPrefix` (one per test, its keys deleted after it). */
export const redisTest = test.extend("redis", { scope: "file" }, redis).extend("redisPrefix", redisPrefix);

/** Both: `database`, `redis` and `redisPrefix`, for tests of code that uses Postgres and queues. */
export const dbRedisTest = redisTest.extend("database", { scope: "file" }, database);
