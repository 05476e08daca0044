import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "../../testing/src/redis-url";
import { uniquePrefix } from "../../testing/src/unique-prefix";
import { createRedisConnection, waitUntilReady } from "./connection";
import { claimQueueMode, queueModeKey } from "./queue-mode";

let redis: Redis;
const prefixes: string[] = [];

beforeAll(async () => {
  redis = createRedisConnection(testRedisUrl(), "producer");
  await waitUntilReady(redis);
});

afterAll(async () => {
  if (prefixes.length > 0) await redis.del(...prefixes.map(queueModeKey));
  redis.disconnect();
});

function fresh(name: string): string {
  const prefix = uniquePrefix(name);
  prefixes.push(prefix);
  return prefix;
}

describe("a queue prefix's mode", () => {
  it("is claimed by the first process; a sandbox is refused a real fleet's queues, naming QUEUE_PREFIX", async () => {
    const prefix = fresh("mode-real");
    await claimQueueMode(redis, prefix, false);
    await claimQueueMode(redis, prefix, false);
    await expect(claimQueueMode(redis, prefix, true)).rejects.toThrow(
      `QUEUE_PREFIX=${prefix} carries a real fleet's jobs on this Redis; the sandbox needs queues of its own: set QUEUE_PREFIX (e.g. ${prefix}-sandbox) or use another Redis`,
    );
    expect(await redis.get(queueModeKey(prefix))).toBe("real");
  });

  it("a real fleet is refused a sandbox's queues", async () => {
    const prefix = fresh("mode-sandbox");
    await claimQueueMode(redis, prefix, true);
    await expect(claimQueueMode(redis, prefix, false)).rejects.toThrow(`QUEUE_PREFIX=${prefix} carries sandbox jobs (generated data) on this Redis; a real fleet needs queues of its own`);
  });
});
