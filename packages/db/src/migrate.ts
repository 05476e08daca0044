import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDatabaseIfMissing, databaseNameOf, redactUrl } from "./database-admin";

/** The repository's prisma/migrations folder, found from this file (packages/db/src). */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

// The key `prisma migrate` itself locks with, so our runner and Prisma's never interleave.
const MIGRATION_LOCK_KEY = 72707369;

// A role that may not change the schema (the fleet's, in the least-privilege setup) met a
// pending migration.
const INSUFFICIENT_PRIVILEGE = "42501";
const OWNER_HINT =
  "this role may not change the schema: run recon migrate with the owner role's MIGRATION_DATABASE_URL (docs/operations.md, \"Audit trail and least privilege\")";

// Prisma's own DDL for its bookkeeping table, so `prisma migrate status` reads our history.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrateOptions {
  /** Receives one line per step (creating the database, each migration applied). Default: silent; the caller reports the outcome. */
  log?: (message: string) => void;
  /** Folder holding `<timestamp>_<name>/migration.sql`. Default: the repository's prisma/migrations. */
  migrationsDir?: string;
}

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

/**
 * Brings the database named in `databaseUrl` up to date with the SQL migrations, the way
 * `prisma migrate deploy` would (Prisma's schema engine is not available everywhere we run).
 * Creates the database when missing. Serialised across processes by an advisory lock.
 * Each migration runs in its own transaction with its `_prisma_migrations` row, so a failing
 * migration leaves nothing behind and can be fixed and re-run.
 * Refuses to run when an applied migration's file has changed or one is recorded as failed.
 */
export async function migrate(databaseUrl: string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => undefined);
  const local = await readMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  if (await createDatabaseIfMissing(databaseUrl)) log(`created database ${databaseNameOf(databaseUrl)}`);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect().catch((error: unknown) => {
    throw new Error(`cannot connect to ${redactUrl(databaseUrl)}: ${(error as Error).message}`, { cause: error });
  });
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      // CREATE TABLE IF NOT EXISTS needs CREATE on the schema even when the table exists; the
      // fleet's role has none and must still be able to learn that the database is up to date.
      const present = await client.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
      if (!present.rows[0]!.present) await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
          WHERE rolled_back_at IS NULL ORDER BY started_at`,
      );
      const applied = new Map<string, AppliedRow>();
      for (const row of rows) {
        if (row.finished_at === null) {
          throw new Error(
            `migration ${row.migration_name} is recorded as failed in _prisma_migrations; ` +
              `fix the database by hand, then mark it rolled back (set rolled_back_at) before migrating again`,
          );
        }
        applied.set(row.migration_name, row);
      }
      const localNames = new Set(local.map((migration) => migration.name));
      for (const name of applied.keys()) {
        if (!localNames.has(name)) log(`warning: migration ${name} is applied but missing from the migrations folder`);
      }
      for (const migration of local) {
        const row = applied.get(migration.name);
        if (row && row.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.name} was modified after it was applied ` +
              `(checksum ${row.checksum} in the database, ${migration.checksum} on disk); ` +
              `never edit an applied migration: add a new one`,
          );
        }
      }

      const pending = local.filter((migration) => !applied.has(migration.name));
      for (const migration of pending) {
        log(`applying ${migration.name}`);
        await client.query("BEGIN");
        try {
          const id = randomUUID();
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
            [id, migration.checksum, migration.name],
          );
          // Simple-protocol query: runs every statement of the file, $$ bodies included.
          await client.query(migration.sql);
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
            [id],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          const hint = (error as { code?: string }).code === INSUFFICIENT_PRIVILEGE ? ` (${OWNER_HINT})` : "";
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}${hint}`, { cause: error });
        }
      }
      return { applied: pending.map((migration) => migration.name) };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
