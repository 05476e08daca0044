import { claimDatabaseMode, createDbFromConfig, migrate, type DatabaseConfig, type Db } from "@recon/db";

/**
 * The database of a CLI command that reads or writes data (breaks, import): migrated first when
 * asked, then checked to hold data of this command's mode (real, or sandbox with RECON_SANDBOX),
 * claiming it on first use, so the CLI never mixes sandbox and real records either.
 */
export async function openCliDatabase(config: DatabaseConfig, options: { migrate: boolean }): Promise<Db> {
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
