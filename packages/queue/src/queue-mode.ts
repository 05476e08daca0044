import type { Redis } from "ioredis";

/** The key under a queue prefix that records whether its jobs are a sandbox's or a real fleet's. */
export function queueModeKey(prefix: string): string {
  return `${prefix}:data-mode`;
}

/**
 * Marks the queues under `prefix` as carrying sandbox or real jobs on their first use, and
 * refuses them (throws, naming QUEUE_PREFIX and what to do) when they carry the other mode's: a
 * sandbox's workers on a real fleet's queues would fetch real runs' slices from the emulators
 * (and the other way round), which is how generated data gets into a real run.
 */
export async function claimQueueMode(redis: Redis, prefix: string, sandbox: boolean): Promise<void> {
  const mode = sandbox ? "sandbox" : "real";
  const key = queueModeKey(prefix);
  await redis.set(key, mode, "NX");
  const claimed = await redis.get(key);
  if (claimed === null || claimed === mode) return;
  throw new Error(
    sandbox
      ? `QUEUE_PREFIX=${prefix} carries a real fleet's jobs on this Redis; the sandbox needs queues of its own: set QUEUE_PREFIX (e.g. ${prefix}-sandbox) or use another Redis`
      : `QUEUE_PREFIX=${prefix} carries sandbox jobs (generated data) on this Redis; a real fleet needs queues of its own: set QUEUE_PREFIX or use another Redis (or set RECON_SANDBOX=true to join the sandbox)`,
  );
}
