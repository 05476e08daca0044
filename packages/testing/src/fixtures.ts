import { Redis } from "ioredis";
import { test } from "vitest";
import { deleteKeysUnder } from "./delete-keys";
import { testRedisUrl } from "./redis-url";
import { createTestDatabase } from "./test-database";
import { uniquePrefix } from "./unique-prefix";

/**
 * `dbTest` is vitest's `test` with `database`: a fresh, migrated database for the test file
 * (created on first use, dropped after the file). Hooks get it too: `dbTest.beforeAll(({ database }) => …)`.
 */
// eslint-disable-next-line no-empty-pattern -- vitest reads what a fixture needs from its destructured first parameter
export const dbTest = test.extend("database", { scope: "file" }, async ({}, { onCleanup }) => {
  const database = await createTestDatabase();
  onCleanup(() => database.drop());
  return database;
});

/**
 * `redisTest` is vitest's `test` with `redis`, a connection to the test Redis for the file, and
 * `redisPrefix`, a key (and BullMQ) prefix no other test uses, whose keys are deleted after the test.
 */
export const redisTest = test
  // eslint-disable-next-line no-empty-pattern -- as above
  .extend("redis", { scope: "file" }, async ({}, { onCleanup }) => {
    const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 3 });
    await redis.connect();
    onCleanup(() => redis.quit().then(() => undefined));
    return redis;
  })
  .extend("redisPrefix", ({ redis, task }, { onCleanup }) => {
    const prefix = uniquePrefix(task.name);
    onCleanup(() => deleteKeysUnder(redis, prefix));
    return prefix;
  });
