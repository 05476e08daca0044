import pg from "pg";
import { redactUrl } from "./database-admin";
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from "./migrate";

export interface MigrationStatus {
  /** Migrations of this build not yet applied, in order. */
  pending: string[];
  /** Problems that `recon migrate` would refuse on: failed or edited migrations. */
  problems: string[];
  /** Applied migrations this build does not know (the database is newer than this code). */
  unknown: string[];
}

/**
 * Compares this build's migrations with the database's `_prisma_migrations`, reading only: the
 * fleet's least-privilege role can answer "is the schema current?" before a worker starts
 * (a Kubernetes init container, an ECS dependency) without the owner role `recon migrate` needs.
 */
export async function migrationStatus(databaseUrl: string, opts: { migrationsDir?: string } = {}): Promise<MigrationStatus> {
  const local = await readMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect().catch((error: unknown) => {
    throw new Error(`cannot connect to ${redactUrl(databaseUrl)}: ${(error as Error).message}`, { cause: error });
  });
  try {
    const present = await client.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
    if (!present.rows[0]!.present) return { pending: local.map((migration) => migration.name), problems: [], unknown: [] };
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    const problems: string[] = [];
    for (const row of rows) if (row.finished_at === null) problems.push(`migration ${row.migration_name} is recorded as failed`);
    for (const migration of local) {
      const row = applied.get(migration.name);
      if (row && row.checksum !== migration.checksum) problems.push(`migration ${migration.name} was modified after it was applied`);
    }
    const localNames = new Set(local.map((migration) => migration.name));
    return {
      pending: local.filter((migration) => !applied.has(migration.name)).map((migration) => migration.name),
      problems,
      unknown: rows.map((row) => row.migration_name).filter((name) => !localNames.has(name)),
    };
  } finally {
    await client.end();
  }
}
