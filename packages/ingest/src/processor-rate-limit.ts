import type { Source } from "@recon/domain";
import type { Redis } from "ioredis";

/** A rate-limit group: each processor's API, and the ledger API shared by every processor's internal side. */
export type RateGroup = Source;

export interface ProcessorRateLimits {
  /** Jobs started per group per window. */
  max: Record<RateGroup, number>;
  /** Window length in ms (FETCH_RATE_WINDOW_MS, default 1000). */
  windowMs: number;
}

export interface ProcessorRateLimiter {
  /** Takes one start from the group's budget: 0 when granted, else how many ms until the window reopens. */
  acquire(group: RateGroup): Promise<number>;
  /** Closes the group for `ms` (a processor's Retry-After), for every worker sharing this Redis. */
  pause(group: RateGroup, ms: number): Promise<void>;
}

// A fixed window per group, like BullMQ's own limiter, but keyed per processor so a throttled
// processor delays only its own jobs. Atomic in Redis, so it holds across every worker replica.
const ACQUIRE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count > tonumber(ARGV[1]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
  return ttl
end
return 0`;

// Sets the counter past any budget for `ms`, unless an even longer pause is already in place.
const PAUSE = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1]) end
return 0`;

/**
 * Per-processor limiter for fetch jobs. BullMQ's worker `limiter` throttles a whole queue (and
 * group limits are BullMQ Pro only), while one fetch queue carries every processor: a throttled
 * job is moved back to delayed by the caller, so the other processors keep their pace.
 */
export function createProcessorRateLimiter(redis: Redis, prefix: string, limits: ProcessorRateLimits): ProcessorRateLimiter {
  const key = (group: RateGroup) => `${prefix}:fetch-rate:${group}`;
  return {
    async acquire(group) {
      const wait = await redis.eval(ACQUIRE, 1, key(group), limits.max[group], limits.windowMs);
      return Number(wait);
    },
    async pause(group, ms) {
      if (ms <= 0) return;
      await redis.eval(PAUSE, 1, key(group), Math.ceil(ms), Number.MAX_SAFE_INTEGER);
    },
  };
}
