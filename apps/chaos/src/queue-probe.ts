// The suite's view of the fleet's queues in Redis: which jobs are active (to pick what to kill),
// a job's state (to catch the same job again), and how many have finished (random kill points).
import { PROCESSORS, type Processor } from "@recon/domain";
import { eventually } from "@recon/testing";
import { createDb } from "@recon/db";
import { requestRun } from "@recon/fleet";
import { createQueueSet, createRedisConnection, waitUntilReady, type QueueKey, type QueueSet } from "@recon/queue";

interface ActiveJob {
  id: string;
  takenAt: number;
}

export interface QueueProbe {
  set: QueueSet;
  /**
   * The jobs active in a queue now, with when each was last taken (BullMQ's processedOn); empty
   * while Redis is away. A job stays "active" after its holder died, until its stalled recovery.
   */
  activeJobs(queue: QueueKey): Promise<ActiveJob[]>;
  /** When a job was last taken by a worker, if it is active. */
  takenAt(queue: QueueKey, jobId: string): Promise<number | undefined>;
  /** A job's state, or "unknown" while Redis is away. */
  jobState(queue: QueueKey, jobId: string): Promise<string>;
  /** Jobs completed or failed so far, over the fleet's queues. */
  finishedJobs(): Promise<number>;
  /** Waits until every fleet queue has `replicas` workers connected (their processes are up). */
  untilWorkersConnected(replicas: number, timeoutMs?: number): Promise<void>;
  /** Triggers one run per processor for each day, as the CLI and the scheduler do. */
  trigger(days: readonly string[], processors?: readonly Processor[]): Promise<void>;
  close(): Promise<void>;
}

const FLEET_QUEUES: QueueKey[] = ["fetch", "reconcile", "report", "notify"];

export async function openQueueProbe(redisUrl: string, prefix: string, databaseUrl: string): Promise<QueueProbe> {
  // Commands fail at once while Redis is down (producer role): the probe answers "nothing" then.
  const connection = createRedisConnection(redisUrl, "producer");
  await waitUntilReady(connection);
  const set = createQueueSet(connection, prefix);
  const db = createDb(databaseUrl, { max: 2, applicationName: "chaos-probe" });
  return {
    set,
    async activeJobs(queue) {
      try {
        return (await set.queues[queue].getJobs(["active"])).flatMap((job) => (job?.id ? [{ id: job.id, takenAt: job.processedOn ?? 0 }] : []));
      } catch {
        return [];
      }
    },
    async jobState(queue, jobId) {
      try {
        return await set.queues[queue].getJobState(jobId);
      } catch {
        return "unknown";
      }
    },
    async takenAt(queue, jobId) {
      try {
        const job = await set.queues[queue].getJob(jobId);
        return job && (await job.getState()) === "active" ? (job.processedOn ?? 0) : undefined;
      } catch {
        return undefined;
      }
    },
    async finishedJobs() {
      try {
        let total = 0;
        for (const queue of FLEET_QUEUES) {
          const counts = await set.queues[queue].getJobCounts("completed", "failed");
          total += (counts.completed ?? 0) + (counts.failed ?? 0);
        }
        return total;
      } catch {
        return 0;
      }
    },
    async untilWorkersConnected(replicas, timeoutMs = 180_000) {
      const connected = async (queue: QueueKey) => (await set.queues[queue].getWorkers().catch(() => [])).length;
      await eventually(
        `${replicas} worker(s) on every queue`,
        async () => ((await Promise.all(FLEET_QUEUES.map(connected))).every((n) => n >= replicas) ? true : undefined),
        { timeoutMs },
      );
    },
    async trigger(days, processors = PROCESSORS) {
      for (const runDate of days) {
        for (const processor of processors) {
          await requestRun({ queues: set, db }, { processor, runDate, createdBy: "chaos", slices: 4 });
        }
      }
    },
    async close() {
      await set.close();
      await db.close();
      connection.disconnect();
    },
  };
}
