import pg from "pg";
import { databaseNameOf, redactUrl } from "./database-admin";

// Postgres's invalid_catalog_name: the server answers but the database does not exist.
const DATABASE_MISSING = "3D000";

export interface CheckDatabaseOptions {
  /** Bound on connecting and on SELECT 1 each. Default 5000 ms. */
  timeoutMs?: number;
  /** Count a missing database as reachable (callers that migrate next create it). Default false. */
  allowMissing?: boolean;
  /** The variable the URL came from, named in the error. Default DATABASE_URL. */
  variable?: string;
}

/**
 * Start-up check: connects on its own client, bounded, and runs SELECT 1, so a process learns
 * within seconds that Postgres is unreachable instead of failing its first job (the pool waits
 * for a connection without a bound). The error names Postgres and the variable (DATABASE_URL, or
 * MIGRATION_DATABASE_URL for migrations), password masked.
 */
export async function checkDatabase(databaseUrl: string, opts: CheckDatabaseOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const variable = opts.variable ?? "DATABASE_URL";
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: "recon-startup-check",
  });
  // A connection that drops during the check must fail the check, not crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    if ((error as { code?: string }).code === DATABASE_MISSING) {
      if (opts.allowMissing) return;
      throw new Error(`Postgres database "${databaseNameOf(databaseUrl)}" does not exist (${variable}=${redactUrl(databaseUrl)}): run recon migrate`, {
        cause: error,
      });
    }
    throw new Error(`Postgres unreachable at ${variable}=${redactUrl(databaseUrl)}: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
