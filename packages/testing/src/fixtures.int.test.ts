import { createDb } from "@recon/db";
import { describe, expect } from "vitest";
import { dbTest, redisTest } from "./fixtures";

describe("dbTest", () => {
  let firstUrl: string | undefined;
  dbTest("gives a migrated database of its own", async ({ database }) => {
    firstUrl = database.url;
    const db = createDb(database.url);
    try {
      const { rows } = await db.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM reconciliation_runs",
      );
      expect(rows[0]!.n).toBe(0);
    } finally {
      await db.close();
    }
  });
  dbTest("the same one to every test of the file", ({ database }) => {
    expect(database.url).toBe(firstUrl);
  });
});

describe("redisTest", () => {
  let previous: string | undefined;
  redisTest("gives each test a prefix of its own", async ({ redis, redisPrefix }) => {
    previous = redisPrefix;
    await redis.set(`${redisPrefix}:a`, "1");
    expect(await redis.get(`${redisPrefix}:a`)).toBe("1");
  });
  redisTest("and deletes its keys after the test", async ({ redis, redisPrefix }) => {
    expect(redisPrefix).not.toBe(previous);
    expect(await redis.exists(`${previous}:a`)).toBe(0);
  });
});
