// scheduler: keeps the daily job scheduler in Redis and turns each tick into one run per processor.
import { createFleetContext, startFleetHealth } from "@recon/fleet";
import { createLogger, healthEnv, parseEnv, ShutdownManager } from "@recon/runtime";
import { schedulerEnv } from "./env";
import { applySchedules } from "./schedule";
import { startTriggerWorker } from "./start";

const config = parseEnv(schedulerEnv);
const { HEALTH_PORT } = parseEnv(healthEnv);
const logger = createLogger({ name: "scheduler", level: config.LOG_LEVEL });
const ctx = await createFleetContext(config, logger);
const applied = await applySchedules(ctx.queues, config.schedules);
const worker = startTriggerWorker(ctx);
const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
const health = await startFleetHealth(ctx, { port: HEALTH_PORT, app: "scheduler", workers: [worker] });
shutdown.register("health-server", "servers", () => health.close());
shutdown.register("trigger-worker", "workers", () => worker.close());
shutdown.register("fleet", "connections", () => ctx.close());
shutdown.listen();
logger.info({ schedules: config.schedules, removed: applied.removed }, "schedules applied");
