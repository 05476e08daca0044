// scheduler: keeps the daily job scheduler in Redis and turns each tick into one run per processor.
import { createFleetContext, startFleetHealth } from "@recon/fleet";
import { createLogger, healthEnv, parseEnv, runMain, ShutdownManager } from "@recon/runtime";
import { schedulerEnv } from "./env";
import { applySchedules } from "./schedule";
import { startTriggerWorker } from "./start";

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
  const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  shutdown.register("health-server", "servers", () => health.close());
  shutdown.register("trigger-worker", "workers", () => worker.close());
  shutdown.register("fleet", "connections", () => ctx.close());
  shutdown.listen();
  logger.info({ schedules: config.schedules, removed: applied.removed }, "schedules applied");
});
