import { readQueueBacklog, type QueueKey, type QueueSet } from "@recon/queue";

/** The queues whose workers autoscale on their backlog (the scheduler's own `trigger` does not). */
export const SCALED_QUEUES = ["fetch", "reconcile", "report", "notify"] as const satisfies readonly QueueKey[];

/** One queue's backlog and how many workers consume it, read at one moment. */
export interface QueueBacklogReading {
  queue: QueueKey;
  /** Waiting + prioritized + due delayed jobs (readQueueBacklog). */
  backlog: number;
  /** BullMQ workers connected to this queue (one per running task of its service). */
  workers: number;
}

/**
 * Reads every scaled queue's backlog and worker count from Redis. The workers are BullMQ's
 * count of connections named after the queue (CLIENT LIST), so it follows tasks starting and
 * stopping without asking ECS. Throws when Redis does not answer: a missing reading must
 * never be published as a zero, which would scale the fleet in.
 */
export async function readQueueBacklogs(set: QueueSet, queues: readonly QueueKey[] = SCALED_QUEUES): Promise<QueueBacklogReading[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const [backlog, workers] = await Promise.all([readQueueBacklog(set.queues[queue], set.connection), set.queues[queue].getWorkersCount()]);
      return { queue, backlog, workers };
    }),
  );
}
