import { setTimeout as sleep } from "node:timers/promises";
import type { RequestGate } from "@recon/connectors";
import type { Source } from "@recon/domain";
import type { Redis } from "ioredis";

export interface RequestRateLimits {
  /** Requests per source per window (FETCH_RATE_<SOURCE>). */
  max: Record<Source, number>;
  /** Window length in ms (FETCH_RATE_WINDOW_MS). */
  windowMs: number;
}

/** A request's turn: when it may start, on Redis's clock, and how long from now that is. */
export interface RequestSlot {
  startsAtMs: number;
  waitMs: number;
}

export interface RequestRateLimiter {
  /** Books the source's next free slot: requests start at least window / max apart, fleet-wide. */
  reserve(source: Source): Promise<RequestSlot>;
  /** A connector's gate: books a slot and waits for it. */
  gate(source: Source): RequestGate;
  /** Books no slot for `ms` (a processor's Retry-After), for every worker; never shortens a longer hold. */
  pause(source: Source, ms: number): Promise<void>;
}

// A schedule per source (GCRA without burst): the key holds the earliest start, in µs on Redis's
// clock, of the next request; each reservation takes max(that, now) and moves it one interval on.
// Every worker books from the same key and clock, so starts stay an interval apart fleet-wide:
// any window of windowMs holds at most max of them, and callers that keep asking get every slot.
const RESERVE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local nextStart = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(nextStart, now)
local after = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000) + 1000)
return {string.format('%d', slot), string.format('%d', now)}`;

// Moves the schedule's next start to now + the pause, unless it is already later.
const PAUSE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local heldUntil = now + tonumber(ARGV[1]) * 1000
local nextStart = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextStart < heldUntil then redis.call('SET', KEYS[1], string.format('%d', heldUntil), 'PX', tonumber(ARGV[1]) + 1000) end
return 0`;

/**
 * The fleet's request rate limit per source, shared through Redis by every worker: each request a
 * connector sends (its client's retries included) first books a slot, so several slices of one
 * processor fetched at once share its budget and together run at, never above, the limit. A
 * booked slot is a wait in the caller, not a refusal: nothing polls. The fetch job's own start
 * limit (processor-rate-limit in @recon/ingest) stays as well: a slice never starts past it.
 */
export function createRequestRateLimiter(redis: Redis, prefix: string, limits: RequestRateLimits): RequestRateLimiter {
  const intervalUs = (source: Source) => Math.ceil((limits.windowMs * 1000) / limits.max[source]);
  const key = (source: Source) => `${prefix}:request-rate:${source}`;
  const reserve = async (source: Source): Promise<RequestSlot> => {
    const [slot, now] = (await redis.eval(RESERVE, 1, key(source), intervalUs(source))) as [string, string];
    return { startsAtMs: Number(slot) / 1000, waitMs: (Number(slot) - Number(now)) / 1000 };
  };
  return {
    reserve,
    gate: (source) => async () => {
      const { waitMs } = await reserve(source);
      // Timers count whole ms from the loop's cached clock and may fire up to 1 ms early: round
      // up and add one, so a request never goes before its slot (the schedule itself does not drift).
      if (waitMs > 0) await sleep(Math.ceil(waitMs) + 1);
    },
    async pause(source, ms) {
      if (ms <= 0) return;
      await redis.eval(PAUSE, 1, key(source), Math.ceil(ms));
    },
  };
}
