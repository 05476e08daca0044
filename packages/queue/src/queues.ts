import { FlowProducer, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { JOBS, QUEUE_NAMES, parsePayload, type JobName, type JobPayload, type QueueKey } from "./catalog";

/** Producer-side handles: one Queue per catalog queue plus a FlowProducer, on one connection. */
export interface QueueSet {
  prefix: string;
  connection: Redis;
  queues: Record<QueueKey, Queue>;
  flows: FlowProducer;
  close(): Promise<void>;
}

export function createQueueSet(connection: Redis, prefix: string): QueueSet {
  const queues = Object.fromEntries(
    (Object.keys(QUEUE_NAMES) as QueueKey[]).map((key) => [key, new Queue(QUEUE_NAMES[key], { connection, prefix })]),
  ) as Record<QueueKey, Queue>;
  const flows = new FlowProducer({ connection, prefix });
  // Errors surface on the calls that hit them; an unhandled 'error' event would crash the process.
  for (const queue of Object.values(queues)) queue.on("error", () => undefined);
  flows.on("error", () => undefined);
  return {
    prefix,
    connection,
    queues,
    flows,
    async close() {
      await Promise.all([...Object.values(queues).map((queue) => queue.close()), flows.close()]);
    },
  };
}

/** Adds a job by catalog name, validating the payload first and applying the job's defaults. */
export async function enqueue<N extends JobName>(
  set: QueueSet,
  name: N,
  payload: JobPayload<N>,
  options: { jobId?: string; delay?: number } = {},
) {
  const definition = JOBS[name];
  const data = parsePayload(name, payload);
  return set.queues[definition.queue].add(name, data, { ...definition.options, ...options });
}
