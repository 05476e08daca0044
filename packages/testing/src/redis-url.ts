import { redisUrlFromEnv } from "./env";

/** The Redis tests use: REDIS_URL, else a local server. Pair it with uniquePrefix() for keys and queues. */
export function testRedisUrl(): string {
  return redisUrlFromEnv() ?? "redis://127.0.0.1:6379";
}
