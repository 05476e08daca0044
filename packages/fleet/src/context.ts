import { createDbFromConfig, databaseNameOf, type Db } from "@recon/db";
import { createQueueSet, createRedisConnection, type QueueSet } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import type { Redis } from "ioredis";
import { claimFleetMode } from "./claim-mode";
import { checkFleetConfig } from "./config-checks";
import type { FleetConfig } from "./env";
import { checkSourceCredentials, type SourceNeeds } from "./source-credentials";
import { createSourceRegistry, type SourceRegistry } from "./sources";
import { checkDependencies, redisErrorLog } from "./startup-checks";

/** The connections one process of the fleet shares between its workers. */
export interface FleetContext {
  config: FleetConfig;
  logger: Logger;
  db: Db;
  /** Producer-side queues (fail fast when Redis is away). */
  queues: QueueSet;
  /** Blocking connection for workers (never gives up a request). */
  workerConnection: Redis;
  /** The sources, in a process that fetches (createFleetContext's `sources` option); undefined elsewhere. */
  sources?: SourceRegistry | undefined;
  close(): Promise<void>;
}

/** The context of a process that fetches: its sources are there. */
export type FetchingFleetContext = FleetContext & { sources: SourceRegistry };

export interface FleetContextOptions {
  /** Who this process is, recorded when it claims the database's mode. Default "recon". */
  app?: string;
  /**
   * This process fetches: check the sources it needs and open them (in a sandbox, start the
   * emulators). Processes that do not fetch leave it out and never start an emulator.
   */
  sources?: SourceNeeds;
}

/**
 * Checks the configuration, connects, and checks Postgres and Redis answer (bounded) and that
 * the database and the queues hold data of this process's mode (sandbox or real; the first
 * process claims them, claimFleetMode): a process that cannot work fails here, within seconds,
 * with an error naming the cause, and leaves nothing open behind it. Later outages are
 * survived: connections reconnect, /readyz says 503.
 */
export function createFleetContext(config: FleetConfig, logger: Logger, options: FleetContextOptions & { sources: SourceNeeds }): Promise<FetchingFleetContext>;
export function createFleetContext(config: FleetConfig, logger: Logger, options?: FleetContextOptions): Promise<FleetContext>;
export async function createFleetContext(config: FleetConfig, logger: Logger, options: FleetContextOptions = {}): Promise<FleetContext> {
  checkFleetConfig(config);
  // Before anything connects: a fetching process without what it fetches from stops at once.
  if (options.sources) checkSourceCredentials(config, options.sources);
  const redisErrors = redisErrorLog(logger);
  const onPostgresError = (error: Error) => logger.warn({ err: error.message }, "postgres connection lost");
  const db = createDbFromConfig(config, { onConnectionError: onPostgresError });
  const producer = createRedisConnection(config.REDIS_URL, "producer", redisErrors.onError);
  const workerConnection = createRedisConnection(config.REDIS_URL, "worker", redisErrors.onError);
  const closeConnections = async () => {
    producer.disconnect();
    workerConnection.disconnect();
    await db.close();
  };
  let sources: SourceRegistry | undefined;
  try {
    await checkDependencies(config, producer, logger);
    redisErrors.started();
    await claimFleetMode({ db, redis: producer }, config, options.app ?? "recon");
    if (options.sources) sources = await createSourceRegistry(config, options.sources, producer);
  } catch (error) {
    await closeConnections();
    throw error;
  }
  if (config.RECON_SANDBOX) {
    // Names only the emulators this process fetches from; a process that fetches nothing only
    // works on the sandbox's own database and queues.
    const where = { database: databaseNameOf(config.DATABASE_URL), queuePrefix: config.QUEUE_PREFIX };
    if (sources) logger.warn({ ...where, emulators: [...sources.sandboxed] }, "SANDBOX (RECON_SANDBOX): generated data from the built-in emulators, never real money");
    else logger.warn(where, "SANDBOX (RECON_SANDBOX): the sandbox's own database and queues (generated data, never real money); this process fetches nothing");
  }
  const queues = createQueueSet(producer, config.QUEUE_PREFIX);
  return {
    config,
    logger,
    db,
    queues,
    workerConnection,
    sources,
    async close() {
      await queues.close();
      await sources?.close();
      await db.close();
      producer.disconnect();
      workerConnection.disconnect();
    },
  };
}

/** createFleetContext in the shape of runApp's `connect`, for a process that does not fetch. */
export function connectFleet(config: FleetConfig, logger: Logger, app: string): Promise<FleetContext> {
  return createFleetContext(config, logger, { app });
}

/** createFleetContext in the shape of runApp's `connect`, for a process that fetches: its sources are checked and opened. */
export function connectFetchingFleet(config: FleetConfig, logger: Logger, app: string): Promise<FetchingFleetContext> {
  return createFleetContext(config, logger, { app, sources: {} });
}
