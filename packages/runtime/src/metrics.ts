import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The fleet's Prometheus metrics. Queue depths are read from Redis at scrape time (so every
 * replica reports the same, current figures and nothing goes stale between scrapes); job and run
 * figures are observed by the process that did the work, so summing across replicas is correct.
 */

/** A queue as the metrics see it (`queueDepthSources` in @recon/queue adapts BullMQ queues). */
export interface QueueDepthSource {
  name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  /** Jobs a worker could start now: waiting + prioritized + delayed jobs already due. */
  backlog(): Promise<number>;
}

/** The job states reported per queue by `recon_queue_jobs`. */
export const QUEUE_DEPTH_STATES = ["waiting", "active", "delayed", "failed", "prioritized", "waiting-children"] as const;

export interface FleetMetrics {
  registry: Registry;
  /** Seconds a job spent being processed, by queue, job name and outcome. */
  jobDuration: Histogram<"queue" | "job" | "status">;
  /** Transactions fetched and stored, by source (a processor or `internal`). */
  transactionsFetched: Counter<"source">;
  /** Discrepancies found by completed runs, by processor and kind. */
  discrepancies: Counter<"processor" | "kind">;
  /** Seconds from a run's start to its end, by processor and final status. */
  runDuration: Histogram<"processor" | "status">;
  /** Reports the depth of these queues on every scrape. */
  watchQueues(queues: readonly QueueDepthSource[]): void;
}

export interface CreateMetricsOptions {
  /** Also export Node.js process metrics (CPU, memory, event loop lag). Default true. */
  processMetrics?: boolean;
  /** Constant labels on every series, e.g. `{ app: "fetch-worker" }`. Default none. */
  labels?: Record<string, string>;
}

export function createMetrics(options: CreateMetricsOptions = {}): FleetMetrics {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels(options.labels);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const watched: QueueDepthSource[] = [];
  /**
   * Reads every watched queue at scrape time. Unreachable Redis must not leave the last figures
   * standing (an autoscaler would act on them): a queue that cannot answer is left out of this
   * scrape, and /readyz reports the outage.
   */
  const eachQueue = async (read: (queue: QueueDepthSource) => Promise<void>) => {
    await Promise.all(watched.map((queue) => read(queue).catch(() => undefined)));
  };
  new Gauge({
    name: "recon_queue_jobs",
    help: "Jobs in each queue by state (waiting, active, delayed, failed, prioritized, waiting-children)",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await eachQueue(async (queue) => {
        const counts = await queue.getJobCounts(...QUEUE_DEPTH_STATES);
        for (const state of QUEUE_DEPTH_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      });
    },
  });
  new Gauge({
    name: "recon_queue_backlog",
    help: "Jobs a worker could start now in each queue (waiting + prioritized + delayed jobs already due): the autoscalers' signal",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await eachQueue(async (queue) => this.set({ queue: queue.name }, await queue.backlog()));
    },
  });

  return {
    registry,
    jobDuration: new Histogram({
      name: "recon_job_duration_seconds",
      help: "Time a job spent being processed, by queue, job name and outcome",
      labelNames: ["queue", "job", "status"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    transactionsFetched: new Counter({
      name: "recon_transactions_fetched_total",
      help: "Transactions fetched and stored, by source",
      labelNames: ["source"] as const,
      registers: [registry],
    }),
    discrepancies: new Counter({
      name: "recon_discrepancies_total",
      help: "Discrepancies found by completed runs, by processor and kind",
      labelNames: ["processor", "kind"] as const,
      registers: [registry],
    }),
    runDuration: new Histogram({
      name: "recon_run_duration_seconds",
      help: "Time from a run's start to its end, by processor and status",
      labelNames: ["processor", "status"] as const,
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    }),
    watchQueues(queues) {
      watched.push(...queues);
    },
  };
}
