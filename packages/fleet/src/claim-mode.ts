import { claimDatabaseMode, type Db, type DatabaseConfig } from "@recon/db";
import { claimQueueMode } from "@recon/queue";
import type { Redis } from "ioredis";

/**
 * Sandbox data lives apart: a process claims its database and its queues for its mode (sandbox
 * with RECON_SANDBOX, real otherwise) on first use, and refuses either when the other mode
 * claimed it, with a message naming DATABASE_URL or QUEUE_PREFIX.
 */
export async function claimFleetMode(
  connections: { db: Db; redis: Redis },
  config: DatabaseConfig & { QUEUE_PREFIX: string },
  app: string,
): Promise<void> {
  const sandbox = config.RECON_SANDBOX ?? false;
  await claimDatabaseMode(connections.db.pool, { sandbox, claimedBy: app, databaseUrl: config.DATABASE_URL });
  await claimQueueMode(connections.redis, config.QUEUE_PREFIX, sandbox);
}
