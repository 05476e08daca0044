// Redis durability at start (REDIS_DURABILITY): warn by default, refuse with `require`.
import { join } from "node:path";
import { withDatabase } from "@recon/db";
import { checkRedisDurability, createRedisConnection, waitUntilReady } from "@recon/queue";
import { runToExit, startOwnRedisServer, testPostgresServerUrl, uniquePrefix } from "@recon/testing";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups.length = 0;
});

async function ownRedis(args: string[] = []): Promise<{ url: string; connection: Redis }> {
  const server = await startOwnRedisServer({ extraArgs: args });
  const connection = createRedisConnection(server.url, "producer");
  await waitUntilReady(connection);
  cleanups.push(async () => {
    connection.disconnect();
    await server.destroy();
  });
  return { url: server.url, connection };
}

describe("Redis durability check", () => {
  it("warns about a Redis without persistence, and refuses it under require", async () => {
    const { connection } = await ownRedis();
    expect(await checkRedisDurability(connection, "warn")).toEqual([expect.stringContaining("appendonly no")]);
    await expect(checkRedisDurability(connection, "require")).rejects.toThrow(/REDIS_DURABILITY=require: Redis persistence is off \(appendonly no\)/);
  });

  it("accepts AOF with noeviction; an evicting policy is a warning, or a refusal under require", async () => {
    const { connection } = await ownRedis(["--appendonly", "yes", "--appendfsync", "everysec"]);
    expect(await checkRedisDurability(connection, "require")).toEqual([]);
    await connection.config("SET", "maxmemory-policy", "allkeys-lru");
    expect(await checkRedisDurability(connection, "warn")).toEqual([expect.stringContaining("maxmemory-policy is allkeys-lru")]);
    await expect(checkRedisDurability(connection, "require")).rejects.toThrow(/maxmemory-policy is allkeys-lru/);
  });

  it("tolerates a Redis that refuses CONFIG (managed services), even under require", async () => {
    const { connection } = await ownRedis(["--rename-command", "CONFIG", ""]);
    expect(await checkRedisDurability(connection, "require")).toEqual([expect.stringContaining("cannot read Redis settings")]);
  });

  it("a worker app with REDIS_DURABILITY=require refuses a Redis without persistence: exit 1, one line", async () => {
    const { url } = await ownRedis();
    const result = await runToExit(join(import.meta.dirname, "shutdown-fixture.app.ts"), [], {
      PATH: process.env.PATH,
      DATABASE_URL: withDatabase(await testPostgresServerUrl(), "postgres"),
      REDIS_URL: url,
      REDIS_DURABILITY: "require",
      QUEUE_PREFIX: uniquePrefix("durability"),
      HEALTH_PORT: "0",
      LOG_LEVEL: "warn",
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^shutdown-fixture: REDIS_DURABILITY=require: Redis persistence is off/);
  });
});
