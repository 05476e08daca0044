import type { QueueDepthSource } from "@recon/runtime";
import type { JobType, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueSet } from "./queues";

/**
 * BullMQ scores a delayed job `timestamp * 0x1000 + counter`; its own promotion (the
 * moveToActive script) takes every score up to `(now + 1) * 0x1000 - 1`, and so do we.
 */
const DELAYED_SCORE_PER_MS = 0x1000;

/**
 * The work a queue holds that a worker could start now: waiting + prioritized + delayed jobs
 * whose time has come. This is the autoscalers' signal. Due delayed jobs count because only a
 * running worker promotes them: a queue scaled to zero would otherwise keep its retries forever.
 * Delayed jobs not yet due, active jobs and parents waiting for children are not backlog.
 */
export async function readQueueBacklog(queue: Queue, redis: Redis, now = Date.now()): Promise<number> {
  const [counts, delayedDue] = await Promise.all([
    queue.getJobCounts("waiting", "prioritized"),
    redis.zcount(queue.toKey("delayed"), 0, (now + 1) * DELAYED_SCORE_PER_MS - 1),
  ]);
  return (counts.waiting ?? 0) + (counts.prioritized ?? 0) + delayedDue;
}

/** Every catalog queue of a set, as the metrics registry watches them (depths and backlog). */
export function queueDepthSources(set: QueueSet): QueueDepthSource[] {
  return Object.values(set.queues).map((queue) => ({
    name: queue.name,
    getJobCounts: (...types: string[]) => queue.getJobCounts(...(types as JobType[])),
    backlog: () => readQueueBacklog(queue, set.connection),
  }));
}
