// scheduler: keeps the daily job scheduler in Redis and turns each tick into one run per processor.
import { createFleetContext, startFleetHealth } from "@recon/fleet";
import { createLogger, healthEnv, parseEnv, runMain, ShutdownManager } from "@recon/runtime";
import { applySchedules, cloudWatchClientFromConfig, schedulerEnv, startBacklogMetricsPublisher, startTriggerWorker } from "@recon/scheduling";

await runMain("scheduler", async () => {
  const config = parseEnv(schedulerEnv);
  const { HEALTH_PORT } = parseEnv(healthEnv);
  const logger = createLogger({ name: "scheduler", level: config.LOG_LEVEL });
  const ctx = await createFleetContext(config, logger, { app: "scheduler" });
  // Bound before the worker takes a job: a HEALTH_PORT in use stops the process with nothing to hand back.
  const health = await startFleetHealth(ctx, { port: HEALTH_PORT, app: "scheduler", workers: [] }).catch(async (error: unknown) => {
    await ctx.close();
    throw error;
  });
  const applied = await applySchedules(ctx.queues, config.schedules);
  const worker = startTriggerWorker(ctx);
  health.addWorkers([worker]);
  // The scheduler always runs (one task), so it publishes the backlog the ECS workers scale on.
  const backlogMetrics = config.BACKLOG_METRICS_NAMESPACE
    ? startBacklogMetricsPublisher({
        set: ctx.queues,
        client: cloudWatchClientFromConfig(config),
        namespace: config.BACKLOG_METRICS_NAMESPACE,
        fleet: config.QUEUE_PREFIX,
        intervalMs: config.BACKLOG_METRICS_INTERVAL_MS,
        logger,
      })
    : undefined;
  const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  shutdown.register("health-server", "servers", () => health.close());
  shutdown.register("trigger-worker", "workers", () => worker.close());
  if (backlogMetrics) shutdown.register("backlog-metrics", "workers", () => backlogMetrics.stop());
  shutdown.register("fleet", "connections", () => ctx.close());
  shutdown.listen();
  logger.info({ schedules: config.schedules, removed: applied.removed }, "schedules applied");
});
