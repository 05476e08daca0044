// scheduler: keeps the daily job scheduler in Redis and turns each tick into one run per processor.
import { connectFleet, runApp } from "@recon/fleet";
import { applySchedules, cloudWatchClientFromConfig, schedulerEnv, startBacklogMetricsPublisher, startTriggerWorker } from "@recon/scheduling";

await runApp({
  name: "scheduler",
  env: schedulerEnv,
  connect: connectFleet,
  async start(ctx, config, logger) {
    const applied = await applySchedules(ctx.queues, config.schedules);
    logger.info({ schedules: config.schedules, removed: applied.removed }, "schedules applied");
    const worker = startTriggerWorker(ctx);
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
    return {
      running: backlogMetrics
        ? [worker, { name: "backlog-metrics", stop: () => backlogMetrics.stop() }]
        : [worker],
    };
  },
});
