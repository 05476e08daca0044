import { migrate } from "@recon/db";
import { databaseEnv, parseEnv } from "@recon/runtime";

/**
 * `recon migrate`: creates the database if needed and applies pending migrations (with
 * RECON_SANDBOX and no DATABASE_URL, the sandbox's own database). It leaves the database's mode
 * to the first process that uses it.
 */
export async function migrateCommand(): Promise<number> {
  const config = parseEnv(databaseEnv);
  const { applied } = await migrate(config.DATABASE_URL, { log: (message) => process.stderr.write(`${message}\n`) });
  process.stdout.write(applied.length === 0 ? "database is up to date\n" : `applied ${applied.length} migration(s): ${applied.join(", ")}\n`);
  return 0;
}
