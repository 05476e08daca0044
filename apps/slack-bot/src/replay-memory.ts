import type { QueueSet } from "@recon/queue";

/** Slack's signed-request validity: a timestamp more than this far from now is refused (Bolt: the past; us: the future). */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** Remembers which signed requests were already accepted, for as long as their signature is valid. */
export interface ReplayMemory {
  /** True the first time a signature is seen, false for every repeat while it could still be valid. */
  firstUse(signature: string, timestampSec: number, nowMs?: number): Promise<boolean>;
}

/**
 * The memory lives in Redis (one SET NX PX per request), so every replica of the bot refuses a
 * request another one already accepted; each key expires when its timestamp leaves the window,
 * which bounds the memory by the request rate over ten minutes at most.
 */
export function redisReplayMemory(queues: Pick<QueueSet, "connection" | "prefix">): ReplayMemory {
  return {
    async firstUse(signature, timestampSec, nowMs = Date.now()) {
      // Valid until Bolt would call it stale: floor(now) > timestamp + window. One second more, for the rounding.
      const ttlMs = Math.max(1_000, (timestampSec + SIGNATURE_WINDOW_SECONDS + 1) * 1_000 - nowMs);
      const key = `${queues.prefix}:slack:seen-signature:${signature}`;
      return (await queues.connection.set(key, String(timestampSec), "PX", ttlMs, "NX")) === "OK";
    },
  };
}
