import { cp, mkdtemp, rm, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "./migrate";

const INIT = "20251101000000_init";
/** Every migration folder, in order (issue 4 added the breaks table). */
const ALL = [
  INIT,
  "20251120000000_breaks",
  "20251125000000_reconcile_partitions",
  "20251126000000_staged_outcomes",
  "20251126010000_outbox_order",
  "20261202000000_database_mode",
  "20261202010000_audit_chain",
  "20261203010000_workbench_indexes",
  "20261203020000_breaks_workbench",
  "20261203030000_plan_arrays",
  "20261203040000_audit_chain_head_by_index",
];

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  let db: TestDatabase | undefined;
  let tmp: string | undefined;
  afterEach(async () => {
    await db?.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    db = tmp = undefined;
  });

  it("creates the database, applies every migration once and records it the way Prisma does", async () => {
    db = await createTestDatabase({ migrate: false });
    await db.drop(); // start from a database that does not exist
    const logs: string[] = [];
    expect(await migrate(db.url, { log: (m) => logs.push(m) })).toEqual({ applied: ALL });
    expect(logs.some((line) => line.startsWith("created database"))).toBe(true);
    expect(await migrate(db.url)).toEqual({ applied: [] });

    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      db.url,
      `SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(ALL.length);
    expect(rows[0]).toMatchObject({ migration_name: INIT, applied_steps_count: 1 });
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.finished_at).toBeInstanceOf(Date);
  });

  it("lets two callers race on a new database: both succeed, the migration is applied once", async () => {
    db = await createTestDatabase({ migrate: false });
    await db.drop();
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    expect(results.flatMap((r) => r.applied)).toEqual(ALL);
  });

  it("refuses when an applied migration's file changed", async () => {
    db = await createTestDatabase();
    tmp = await mkdtemp(join(tmpdir(), "recon-migrations-"));
    await cp(DEFAULT_MIGRATIONS_DIR, tmp, { recursive: true });
    await appendFile(join(tmp, INIT, "migration.sql"), "\n-- edited after the fact\n");
    await expect(migrate(db.url, { migrationsDir: tmp })).rejects.toThrow(/modified after it was applied/);
  });

  it("applies a new migration folder in name order and refuses after a recorded failure", async () => {
    db = await createTestDatabase();
    tmp = await mkdtemp(join(tmpdir(), "recon-migrations-"));
    await cp(DEFAULT_MIGRATIONS_DIR, tmp, { recursive: true });
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(join(tmp, "20991231000000_extra"));
    await writeFile(
      join(tmp, "20991231000000_extra", "migration.sql"),
      `CREATE TABLE "extra_table" ("id" INTEGER);`,
    );
    expect(await migrate(db.url, { migrationsDir: tmp })).toEqual({ applied: ["20991231000000_extra"] });

    await query(
      db.url,
      `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = '20991231000000_extra'`,
    );
    await expect(migrate(db.url, { migrationsDir: tmp })).rejects.toThrow(/recorded as failed/);
  });

  it("rolls back a failing migration entirely and records nothing", async () => {
    db = await createTestDatabase();
    tmp = await mkdtemp(join(tmpdir(), "recon-migrations-"));
    await cp(DEFAULT_MIGRATIONS_DIR, tmp, { recursive: true });
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(join(tmp, "20991231000000_broken"));
    await writeFile(
      join(tmp, "20991231000000_broken", "migration.sql"),
      `CREATE TABLE "half" ("id" INTEGER);\nSELECT no_such_function();`,
    );
    await expect(migrate(db.url, { migrationsDir: tmp })).rejects.toThrow(/20991231000000_broken failed/);
    expect(await query(db.url, `SELECT 1 FROM pg_class WHERE relname = 'half'`)).toHaveLength(0);
    expect(
      await query(
        db.url,
        `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '20991231000000_broken'`,
      ),
    ).toHaveLength(0);
  });
});
