import { migrate, redactUrl } from "@recon/db";
import { databaseEnv, migrationEnv, parseEnv } from "@recon/runtime";

/**
 * `recon migrate`: creates the database if needed and applies pending migrations, as the schema's
 * owner (MIGRATION_DATABASE_URL) when set, else as DATABASE_URL's role (with RECON_SANDBOX and
 * no DATABASE_URL, the sandbox's own database). It leaves the database's mode to the first
 * process that uses it.
 */
export async function migrateCommand(): Promise<number> {
  const config = parseEnv(databaseEnv.extend(migrationEnv.shape));
  const url = config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL;
  const log = (message: string) => process.stderr.write(`${message}\n`);
  if (config.MIGRATION_DATABASE_URL !== undefined) log(`migrating as MIGRATION_DATABASE_URL (${redactUrl(url)})`);
  const { applied } = await migrate(url, { log });
  process.stdout.write(applied.length === 0 ? "database is up to date\n" : `applied ${applied.length} migration(s): ${applied.join(", ")}\n`);
  return 0;
}
