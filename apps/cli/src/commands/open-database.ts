import { checkDatabase, claimDatabaseMode, createDbFromConfig, migrate, type DatabaseConfig, type Db } from "@recon/db";
import { STARTUP_CHECK_TIMEOUT_MS } from "@recon/fleet";

/**
 * The database of a CLI command that reads or writes data (breaks, import): migrated first when
 * asked, then checked to hold data of this command's mode (real, or sandbox with RECON_SANDBOX),
 * claiming it on first use, so the CLI never mixes sandbox and real records either. Postgres is
 * checked first, bounded, so that an unreachable server is named with DATABASE_URL within seconds.
 */
export async function openCliDatabase(config: DatabaseConfig, options: { migrate: boolean }): Promise<Db> {
  await checkDatabase(config.DATABASE_URL, { timeoutMs: STARTUP_CHECK_TIMEOUT_MS, allowMissing: options.migrate });
  if (options.migrate) await migrate(config.DATABASE_URL);
  const db = createDbFromConfig(config);
  try {
    await claimDatabaseMode(db.pool, { sandbox: config.RECON_SANDBOX ?? false, claimedBy: "recon", databaseUrl: config.DATABASE_URL });
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
