import { getRun, listRuns } from "@recon/db";
import { isProcessor, type Processor } from "@recon/domain";
import { queueDepthSources } from "@recon/queue";
import { createMetrics, startHealthServer, type FleetMetrics, type HealthServer } from "@recon/runtime";
import type { Job, Worker } from "bullmq";
import type { FleetContext } from "./context";

/** What the health server and the job metrics read: Postgres, the queues (and their Redis), the logger. */
export type HealthDependencies = Pick<FleetContext, "db" | "queues" | "logger">;

export interface FleetHealthOptions {
  /** Port of /healthz, /readyz and /metrics; 0 picks a free one. */
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** Workers this process runs: /readyz needs each running; their jobs feed the metrics. */
  workers: readonly Worker[];
  /** Labels every series, e.g. the app name. */
  app: string;
  /** Export every catalog queue's depth (default true); an app that only enqueues may leave them to the others. */
  watchQueues?: boolean;
}

export interface FleetHealth {
  server: HealthServer;
  metrics: FleetMetrics;
  /** Watches workers started after the server (processes bind their port before taking jobs). */
  addWorkers(workers: readonly Worker[]): void;
  close(): Promise<void>;
}

/**
 * Health and metrics of one process of the fleet: readiness needs Redis and Postgres to answer
 * and every worker to be running; queue depths cover every catalog queue, so any replica's
 * /metrics can drive the autoscaler; job, fetch, discrepancy and run figures come from the jobs
 * this process finished.
 */
export async function startFleetHealth(ctx: HealthDependencies, options: FleetHealthOptions): Promise<FleetHealth> {
  const metrics = createMetrics({ labels: { app: options.app } });
  if (options.watchQueues ?? true) metrics.watchQueues(queueDepthSources(ctx.queues));
  const workers: Worker[] = [];
  const addWorkers = (more: readonly Worker[]) => {
    for (const worker of more) observeWorker(ctx, worker, metrics);
    workers.push(...more);
  };
  addWorkers(options.workers);
  const server = await startHealthServer({
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    logger: ctx.logger,
    registry: metrics.registry,
    checks: {
      redis: async () => {
        const answer: string = await ctx.queues.connection.ping();
        if (answer !== "PONG") throw new Error(`unexpected PING answer ${answer}`);
      },
      postgres: () => ctx.db.pool.query("SELECT 1"),
      workers: () => {
        const stopped = workers.filter((worker) => !worker.isRunning()).map((worker) => worker.name);
        return stopped.length === 0 ? Promise.resolve() : Promise.reject(new Error(`not running: ${stopped.join(", ")}`));
      },
    },
  });
  ctx.logger.info({ url: server.url }, "health server listening (/healthz, /readyz, /metrics)");
  return { server, metrics, addWorkers, close: () => server.close() };
}

function seconds(job: Job): number | undefined {
  return job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1_000 : undefined;
}

/** Turns a worker's finished jobs into metrics. Metrics never fail a job: errors are logged. */
export function observeWorker(ctx: Pick<HealthDependencies, "db" | "logger">, worker: Worker, metrics: FleetMetrics): void {
  const record = (what: string, work: () => Promise<void> | void) => {
    Promise.resolve()
      .then(work)
      .catch((error: unknown) => ctx.logger.warn({ err: (error as Error).message, what }, "metrics update failed"));
  };
  worker.on("completed", (job: Job, result: unknown) => {
    const took = seconds(job);
    if (took !== undefined) metrics.jobDuration.observe({ queue: worker.name, job: job.name, status: "completed" }, took);
    if (job.name === "fetch.slice") {
      const data = job.data as { processor?: string; side?: string };
      const fetched = (result as { fetched?: unknown } | undefined)?.fetched;
      if (typeof fetched === "number") {
        metrics.transactionsFetched.inc({ source: data.side === "internal" ? "internal" : String(data.processor) }, fetched);
      }
    }
    if (job.name === "reconcile.run") {
      const runId = (result as { runId?: unknown } | undefined)?.runId;
      if (typeof runId === "string") record("run completed", () => observeRun(ctx, metrics, runId));
    }
  });
  worker.on("failed", (job: Job | undefined) => {
    if (!job) return;
    const took = seconds(job);
    if (took !== undefined) metrics.jobDuration.observe({ queue: worker.name, job: job.name, status: "failed" }, took);
    const finalAttempt = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (job.name === "reconcile.run" && finalAttempt) {
      const data = job.data as { processor?: string; runDate?: string };
      if (typeof data.processor === "string" && isProcessor(data.processor) && data.runDate) {
        const processor: Processor = data.processor;
        const runDate = data.runDate;
        record("run failed", async () => {
          const [run] = await listRuns(ctx.db, { processor, runDate });
          if (run) await observeRun(ctx, metrics, run.id);
        });
      }
    }
  });
}

async function observeRun(ctx: Pick<HealthDependencies, "db">, metrics: FleetMetrics, runId: string): Promise<void> {
  const run = await getRun(ctx.db, runId);
  if (!run) return;
  if (run.endTime) {
    metrics.runDuration.observe(
      { processor: run.processorName, status: run.status },
      (run.endTime.getTime() - run.startTime.getTime()) / 1_000,
    );
  }
  if (run.status !== "completed") return;
  for (const [kind, count] of Object.entries((run.counts ?? {}) as Record<string, unknown>)) {
    const n = Number(count);
    if (Number.isFinite(n) && n > 0) metrics.discrepancies.inc({ processor: run.processorName, kind }, n);
  }
}
