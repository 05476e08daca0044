import type { Redis } from "ioredis";

/**
 * Runs `fn` holding a short Redis lock (SET NX PX, released by compare-and-delete), waiting up to
 * 10 s for it: makes a check-and-act atomic across every process of the fleet.
 */
export async function withRedisLock<T>(connection: Redis, lockKey: string, fn: () => Promise<T>): Promise<T> {
  const token = `${process.pid}-${Date.now()}-${Math.random()}`;
  const deadline = Date.now() + 10_000;
  while ((await connection.set(lockKey, token, "PX", 10_000, "NX")) !== "OK") {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockKey}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    return await fn();
  } finally {
    // Release only our own lock (compare-and-delete).
    await connection.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
      1,
      lockKey,
      token,
    );
  }
}

/**
 * Claims a turn for `ms`: true for exactly one caller across the fleet until it expires. The
 * claim is never released, so it also spaces turns (one sweep per interval, however many replicas).
 */
export async function claimTurn(connection: Redis, key: string, ms: number): Promise<boolean> {
  return (await connection.set(key, String(process.pid), "PX", Math.max(1, Math.floor(ms)), "NX")) === "OK";
}
