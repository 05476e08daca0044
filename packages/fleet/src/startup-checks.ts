import { checkDatabase } from "@recon/db";
import { checkRedisDurability, waitUntilReady, type RedisDurabilityMode } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import type { Redis } from "ioredis";

/** How long a process waits for Postgres and Redis at start before it gives up, naming which. */
export const STARTUP_CHECK_TIMEOUT_MS = 5_000;

export interface DependencySettings {
  DATABASE_URL: string;
  REDIS_DURABILITY: RedisDurabilityMode;
}

/**
 * What every process checks before it starts work: Postgres answers SELECT 1 and Redis is ready,
 * each within STARTUP_CHECK_TIMEOUT_MS (in parallel, so the bound is the whole wait), and Redis
 * keeps jobs (warned about or refused per REDIS_DURABILITY). Throws an error naming the variable.
 */
export async function checkDependencies(config: DependencySettings, redis: Redis, logger: Logger): Promise<void> {
  await Promise.all([
    checkDatabase(config.DATABASE_URL, { timeoutMs: STARTUP_CHECK_TIMEOUT_MS }),
    (async () => {
      await waitUntilReady(redis, STARTUP_CHECK_TIMEOUT_MS);
      for (const warning of await checkRedisDurability(redis, config.REDIS_DURABILITY)) logger.warn(warning);
    })(),
  ]);
}

/**
 * The error listener of a process's Redis connections: quiet until `started()`, since before
 * that the start-up check reports an unreachable Redis itself, in one line; then every
 * connection error is logged (the connection retries on its own).
 */
export function redisErrorLog(logger: Logger): { onError: (error: Error) => void; started: () => void } {
  let started = false;
  return {
    onError: (error) => {
      if (started) logger.warn({ err: error.message }, "redis connection error");
    },
    started: () => {
      started = true;
    },
  };
}
