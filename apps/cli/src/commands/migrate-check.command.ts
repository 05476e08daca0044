import { checkDatabase, migrationStatus, redactUrl, type MigrationStatus } from "@recon/db";
import { STARTUP_CHECK_TIMEOUT_MS } from "@recon/fleet";
import { UsageError } from "../usage-error";
import { databaseEnv, parseEnv } from "@recon/runtime";

/** How often `--wait` asks again. */
const RECHECK_MS = 2_000;

export interface MigrateCheckOptions {
  /** Keep asking for up to this many seconds (the database may be starting, or the migration job running). */
  waitSeconds?: number;
}

/**
 * `recon migrate --check`: exit 0 when every migration of this build is applied, 1 when some are
 * pending or broken, saying which. Reads only, as DATABASE_URL's role: a worker's init step runs
 * it so that new code never starts on an old schema.
 */
export async function migrateCheckCommand(options: MigrateCheckOptions): Promise<number> {
  const config = parseEnv(databaseEnv);
  const deadline = Date.now() + (options.waitSeconds ?? 0) * 1_000;
  for (;;) {
    // The bounded check first: an unreachable or missing database is named with DATABASE_URL.
    const status = checkDatabase(config.DATABASE_URL, { timeoutMs: STARTUP_CHECK_TIMEOUT_MS }).then(() => migrationStatus(config.DATABASE_URL));
    const verdict = await status.then(describe, (error: unknown) => ({
      ok: false,
      message: (error as Error).message,
    }));
    if (verdict.ok || Date.now() >= deadline) {
      (verdict.ok ? process.stdout : process.stderr).write(`${verdict.message}\n`);
      return verdict.ok ? 0 : 1;
    }
    process.stderr.write(`waiting: ${verdict.message}\n`);
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
  }

  function describe(status: MigrationStatus): { ok: boolean; message: string } {
    const where = redactUrl(config.DATABASE_URL);
    if (status.problems.length > 0) return { ok: false, message: `${where}: ${status.problems.join("; ")} (see recon migrate)` };
    if (status.pending.length > 0) {
      return {
        ok: false,
        message: `${where}: ${status.pending.length} migration(s) pending: ${status.pending.join(", ")} (run recon migrate with MIGRATION_DATABASE_URL)`,
      };
    }
    const newer = status.unknown.length > 0 ? `; the database also has ${status.unknown.length} newer migration(s): ${status.unknown.join(", ")}` : "";
    return { ok: true, message: `database schema is current${newer}` };
  }
}

/** `--wait <seconds>`: a whole number of seconds from 0. */
export function parseWaitSeconds(raw: string): number {
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(seconds)) throw new UsageError(`--wait must be a whole number of seconds, got "${raw}"`);
  return seconds;
}
