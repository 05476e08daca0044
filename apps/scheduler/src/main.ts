// scheduler: keeps the daily job scheduler in Redis and turns each tick into one run per processor.
import { createFleetContext } from "@recon/fleet";
import { createLogger, parseEnv, ShutdownManager } from "@recon/runtime";
import { schedulerEnv } from "./env";
import { upsertDailySchedule } from "./schedule";
import { startTriggerWorker } from "./start";

const config = parseEnv(schedulerEnv);
const logger = createLogger({ name: "scheduler", level: config.LOG_LEVEL });
const ctx = await createFleetContext(config, logger);
await upsertDailySchedule(ctx.queues, config.SCHEDULE_CRON, config.scheduleProcessors);
const worker = startTriggerWorker(ctx);
const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
shutdown.register("trigger-worker", "workers", () => worker.close());
shutdown.register("fleet", "connections", () => ctx.close());
shutdown.listen();
logger.info({ cron: config.SCHEDULE_CRON, processors: config.scheduleProcessors }, "daily schedule upserted");
