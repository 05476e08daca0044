// The two roles of leastPrivilegeSql on a real database: created by the test server's
// superuser, then used as the deployment uses them (trust authentication on loopback).
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, uniquePrefix, type TestDatabase } from "../../testing/src";
import { appendAudit } from "./audit-log";
import { syncBreaks } from "./breaks";
import { createDb, type Db } from "./client";
import { withDatabase } from "./database-admin";
import { leastPrivilegeSql } from "./least-privilege";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "./migrate";
import { startRun } from "./runs";
import { withTransaction } from "./transaction";
import { verifyAuditChain } from "./verify-audit-chain";

const roles = { owner: uniquePrefix("recon_owner"), fleet: uniquePrefix("recon_fleet") };

function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = "";
  return u.toString();
}

async function asSuperuser(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let database: TestDatabase;
let fleet: Db;
let tmp: string | undefined;

beforeAll(async () => {
  database = await createTestDatabase({ name: "recon_roles" });
  await asSuperuser(database.url, leastPrivilegeSql(roles));
  // Applying it again changes nothing and fails nothing.
  await asSuperuser(database.url, leastPrivilegeSql(roles));
  fleet = createDb(asRole(database.url, roles.fleet));
});

afterAll(async () => {
  await fleet?.close();
  await database?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  // Roles are cluster-wide: remove them once the database that used them is gone.
  await asSuperuser(withDatabase(database.url, "postgres"), `DROP ROLE IF EXISTS "${roles.fleet}"; DROP ROLE IF EXISTS "${roles.owner}"`);
});

describe("the fleet's database role", () => {
  it("does its normal work: writes runs with their audit entries and confirms the schema is up to date", async () => {
    const runId = await startRun(fleet, { processor: "stripe", runDate: "2026-12-01", createdBy: "scheduler" });
    await withTransaction(fleet.pool, async (tx) => {
      await tx.query("UPDATE reconciliation_runs SET updated_at = now() WHERE id = $1", [runId]);
      await appendAudit(tx, { action: "test.touched", entityType: "reconciliation_run", entityId: runId });
    });
    const { rows } = await fleet.pool.query<{ action: string; actor: string }>("SELECT action, actor FROM audit_logs ORDER BY audit_logs.seq");
    expect(rows).toEqual([
      { action: "run.started", actor: "scheduler" },
      { action: "test.touched", actor: "system" },
    ]);
    expect(await verifyAuditChain(fleet)).toMatchObject({ checked: 2, problem: null });
    // Settling a run's breaks stages its changes in a temporary table before auditing them.
    const changes = await withTransaction(fleet.pool, async (tx) => {
      await tx.query(
        `INSERT INTO discrepancies (run_id, kind, processor_external_id, currency, processor_amount_minor, amount_at_risk_minor, reason)
         VALUES ($1, 'missing_in_internal', 'txn_1', 'USD', 500, 500, 'not in the ledger')`,
        [runId],
      );
      return syncBreaks(tx, { runId, processor: "stripe", runDate: "2026-12-01", pairedProcessorIds: [], pairedInternalIds: [] });
    });
    expect(changes).toEqual({ opened: 1, updated: 0, autoResolved: 0, superseded: 0 });
    const audited = await fleet.pool.query<{ action: string; details: unknown }>(
      "SELECT action, details FROM audit_logs ORDER BY audit_logs.seq DESC LIMIT 1",
    );
    expect(audited.rows).toEqual([{ action: "break.opened", details: { runId, runDate: "2026-12-01" } }]);
    expect(await migrate(asRole(database.url, roles.fleet))).toEqual({ applied: [] });
    expect((await fleet.pool.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).rows).toEqual([{ rolsuper: false }]);
  });

  it.each([
    ["UPDATE", "UPDATE audit_logs SET actor = 'mallory'", "permission denied for table audit_logs"],
    ["DELETE", "DELETE FROM audit_logs", "permission denied for table audit_logs"],
    ["TRUNCATE", "TRUNCATE audit_logs", "permission denied for table audit_logs"],
    ["DISABLE TRIGGER", "ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only", "must be owner of table audit_logs"],
    ["DROP TRIGGER", "DROP TRIGGER audit_logs_chain ON audit_logs", "must be owner of relation audit_logs"],
    ["session_replication_role", "SET session_replication_role = replica", 'permission denied to set parameter "session_replication_role"'],
    ["CREATE TABLE", "CREATE TABLE shadow (id int)", "permission denied for schema public"],
    ["migration history", `DELETE FROM "_prisma_migrations"`, "permission denied for table _prisma_migrations"],
  ])("is refused %s", async (_what, sql, error) => {
    await expect(fleet.pool.query(sql)).rejects.toThrow(error);
  });

  it("cannot apply a migration, and is told which role can; the owner can, and the fleet may use what it creates", async () => {
    tmp = await mkdtemp(join(tmpdir(), "recon-migrations-"));
    await cp(DEFAULT_MIGRATIONS_DIR, tmp, { recursive: true });
    await mkdir(join(tmp, "20991231000000_extra"));
    await writeFile(join(tmp, "20991231000000_extra", "migration.sql"), `CREATE TABLE "extra_table" ("id" BIGSERIAL PRIMARY KEY, "note" TEXT);`);
    await expect(migrate(asRole(database.url, roles.fleet), { migrationsDir: tmp })).rejects.toThrow(
      "this role may not change the schema: run recon migrate with the owner role's MIGRATION_DATABASE_URL",
    );
    expect(await migrate(asRole(database.url, roles.owner), { migrationsDir: tmp })).toEqual({ applied: ["20991231000000_extra"] });
    await fleet.pool.query("INSERT INTO extra_table (note) VALUES ('written by the fleet')");
    expect((await fleet.pool.query("SELECT note FROM extra_table")).rows).toEqual([{ note: "written by the fleet" }]);
  });
});
