import { checkDatabase, migrate, redactUrl } from "@recon/db";
import { STARTUP_CHECK_TIMEOUT_MS } from "@recon/fleet";
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
  const variable = config.MIGRATION_DATABASE_URL === undefined ? "DATABASE_URL" : "MIGRATION_DATABASE_URL";
  if (config.MIGRATION_DATABASE_URL !== undefined) log(`migrating as MIGRATION_DATABASE_URL (${redactUrl(url)})`);
  await checkDatabase(url, { timeoutMs: STARTUP_CHECK_TIMEOUT_MS, allowMissing: true, variable });
  const { applied } = await migrate(url, { log });
  process.stdout.write(applied.length === 0 ? "database is up to date\n" : `applied ${applied.length} migration(s): ${applied.join(", ")}\n`);
  return 0;
}
