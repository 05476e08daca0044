import { createFleetContext, fleetEnv } from "@recon/fleet";
import { createLogger, parseEnv, ShutdownManager } from "@recon/runtime";
import { parseWorkerKinds, startWorkers } from "../fleet/in-process-workers";

/** `recon workers [--only fetch,reconcile]`: runs workers in this process until SIGTERM/SIGINT. */
export async function workersCommand(raw: { only?: string }): Promise<void> {
  const kinds = parseWorkerKinds(raw.only);
  const config = parseEnv(fleetEnv);
  const logger = createLogger({ name: "recon-workers", level: config.LOG_LEVEL, fd: 2 });
  const ctx = await createFleetContext(config, logger);
  const workers = startWorkers(ctx, kinds);
  const shutdown = new ShutdownManager({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  shutdown.register("workers", "workers", () => workers.stop());
  shutdown.register("fleet", "connections", () => ctx.close());
  shutdown.listen();
  logger.info({ workers: kinds, sandboxed: [...ctx.sources.sandboxed] }, "workers started");
}
