import { createFleetContext, fleetEnv, startFleetHealth } from "@recon/fleet";
import { createLogger, healthEnv, parseEnv, ShutdownManager } from "@recon/runtime";
import { parseWorkerKinds, startWorkers } from "../fleet/in-process-workers";

/** `recon workers [--only fetch,reconcile]`: runs workers in this process until SIGTERM/SIGINT. */
export async function workersCommand(raw: { only?: string }): Promise<void> {
  const kinds = parseWorkerKinds(raw.only);
  const config = parseEnv(fleetEnv);
  const { HEALTH_PORT } = parseEnv(healthEnv);
  const logger = createLogger({ name: "recon-workers", level: config.LOG_LEVEL, fd: 2 });
  const ctx = await createFleetContext(config, logger);
  const workers = startWorkers(ctx, kinds);
  const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  const health = await startFleetHealth(ctx, { port: HEALTH_PORT, app: "recon-workers", workers: workers.workers });
  shutdown.register("health-server", "servers", () => health.close());
  shutdown.register("workers", "workers", () => workers.stop());
  shutdown.register("fleet", "connections", () => ctx.close());
  shutdown.listen();
  logger.info({ workers: kinds, sandboxed: [...ctx.sources.sandboxed] }, "workers started");
}
