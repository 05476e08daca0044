import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { AUDIT_GENESIS_HASH, auditEntryHash, readAuditChainHead } from "./audit-chain";
import { appendAudit, appendAudits } from "./audit-log";
import { createDb, type Db } from "./client";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "./migrate";
import { withTransaction } from "./transaction";
import { verifyAuditChain } from "./verify-audit-chain";

const CHAIN_MIGRATION = "20261202010000_audit_chain";

interface StoredRow {
  id: string;
  seq: string;
  at: Date;
  action: string;
  entity_type: string;
  entity_id: string;
  actor: string;
  details: string;
  prev_hash: string;
  hash: string;
}

async function stored(db: Db): Promise<StoredRow[]> {
  const { rows } = await db.pool.query<StoredRow>(
    "SELECT id::text, seq::text, at, action, entity_type, entity_id, actor, details::text AS details, prev_hash, hash FROM audit_logs ORDER BY audit_logs.seq",
  );
  return rows;
}

describe("the audit chain", () => {
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  let tmp: string | undefined;
  afterEach(async () => {
    await db?.close();
    await database?.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    database = db = tmp = undefined;
  });

  async function fresh(): Promise<Db> {
    database = await createTestDatabase({ name: "recon_audit_chain" });
    db = createDb(database.url);
    return db;
  }

  it("finds the chain's head along the index, even when the statistics were taken while the table was tiny", async () => {
    const db = await fresh();
    await withTransaction(db.pool, (tx) => appendAudit(tx, { action: "run.started", entityType: "reconciliation_run", entityId: "r1" }));
    await db.pool.query("ANALYZE audit_logs");
    // A new session plans the trigger's lookup afresh, from those statistics (one row, one page).
    const scans = await withTransaction(db.pool, async (tx) => {
      await tx.query(
        `INSERT INTO audit_logs (action, entity_type, entity_id, actor, details)
         SELECT 'break.opened', 'break', g::text, 'system', '{}'::jsonb FROM generate_series(1, 300) AS g`,
      );
      const { rows } = await tx.query<{ seq_scan: string; idx_scan: string }>(
        "SELECT seq_scan::text, idx_scan::text FROM pg_stat_xact_user_tables WHERE relname = 'audit_logs'",
      );
      return rows[0];
    });
    // One index probe per chained row; a whole-table scan per row would make a big append quadratic.
    expect(Number(scans?.seq_scan)).toBe(0);
    expect(Number(scans?.idx_scan)).toBeGreaterThanOrEqual(300);
    expect(await verifyAuditChain(db)).toMatchObject({ checked: 301, problem: null });
  });

  it("links every entry to the one before, with hashes this process recomputes from the stored content", async () => {
    const db = await fresh();
    await withTransaction(db.pool, (tx) => appendAudit(tx, { action: "run.started", entityType: "reconciliation_run", entityId: "r1", actor: "cli:alice" }));
    // Content that tests the canonical forms: key order, unicode, newlines, numbers, nesting.
    const details = { z: 1, a: "é\n\u2028 ✓", nested: { list: [1.5, "x", null], big: "12345678901234567890" } };
    await withTransaction(db.pool, (tx) =>
      appendAudits(tx, [
        { action: "break.opened", entityType: "break", entityId: "7", details },
        { action: "break.opened", entityType: "break", entityId: "8", details: {} },
      ]),
    );
    const rows = await stored(db);
    expect(rows.map((r) => [r.seq, r.action, r.entity_id])).toEqual([
      ["1", "run.started", "r1"],
      ["2", "break.opened", "7"],
      ["3", "break.opened", "8"],
    ]);
    expect(rows[0]!.prev_hash).toBe(AUDIT_GENESIS_HASH);
    for (const [i, row] of rows.entries()) {
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]!.hash);
      const recomputed = auditEntryHash({
        seq: BigInt(row.seq),
        at: row.at,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        actor: row.actor,
        detailsText: row.details,
        prevHash: row.prev_hash,
      });
      expect(recomputed).toBe(row.hash);
    }
    expect(await readAuditChainHead(db.pool)).toMatchObject({ seq: 3n, hash: rows[2]!.hash });
    expect(await verifyAuditChain(db)).toMatchObject({ checked: 3, problem: null });
  });

  it("never forks under concurrent writers: 20 transactions append in turn", async () => {
    const db = await fresh();
    await Promise.all(
      Array.from({ length: 20 }, (_, t) =>
        withTransaction(db.pool, async (tx) => {
          await appendAudits(tx, Array.from({ length: 5 }, (_, i) => ({ action: "test.append", entityType: "writer", entityId: `${t}.${i}` })));
        }),
      ),
    );
    const rows = await stored(db);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // Each transaction's entries are contiguous: the lock is held from its first append to its commit.
    const writers = rows.map((r) => r.entity_id.split(".")[0]);
    expect(writers.filter((w, i) => w !== writers[i - 1])).toHaveLength(20);
    expect(await verifyAuditChain(db)).toMatchObject({ checked: 100, problem: null });
  });

  it("sets seq, hashes and time itself: a writer cannot choose them, nor shadow the table with a temporary one", async () => {
    const db = await fresh();
    await appendAudit(db.pool, { action: "first", entityType: "t", entityId: "1" });
    await withTransaction(db.pool, async (tx) => {
      await tx.query("CREATE TEMP TABLE audit_logs (seq BIGINT, hash TEXT) ON COMMIT DROP");
      await tx.query("INSERT INTO audit_logs VALUES (1000, 'forged')");
      await tx.query(
        `INSERT INTO public.audit_logs (action, entity_type, entity_id, at, seq, prev_hash, hash)
         VALUES ('second', 't', '2', '2001-01-01', 999, 'x', 'y')`,
      );
    });
    const rows = await stored(db);
    expect(rows.map((r) => r.seq)).toEqual(["1", "2"]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[1]!.at.getUTCFullYear()).toBeGreaterThan(2001);
    expect(await verifyAuditChain(db)).toMatchObject({ checked: 2, problem: null });
  });

  it("refuses appends under REPEATABLE READ, and TRUNCATE", async () => {
    const db = await fresh();
    await expect(
      withTransaction(db.pool, (tx) => appendAudit(tx, { action: "a", entityType: "t", entityId: "1" }), { isolation: "repeatable read" }),
    ).rejects.toThrow("audit_logs: append audit entries in a READ COMMITTED transaction, not repeatable read");
    await expect(db.pool.query("TRUNCATE audit_logs")).rejects.toThrow("audit_logs is append-only: TRUNCATE is not allowed");
  });

  it("chains the entries of a database written before the chain existed, in id order, on upgrade", async () => {
    database = await createTestDatabase({ name: "recon_audit_upgrade", migrate: false });
    tmp = await mkdtemp(join(tmpdir(), "recon-migrations-"));
    await cp(DEFAULT_MIGRATIONS_DIR, tmp, { recursive: true });
    // A database from before the chain has none of the migrations from the chain on.
    const fromChainOn = (await readdir(DEFAULT_MIGRATIONS_DIR)).filter((name) => /^\d{14}_/.test(name) && name >= CHAIN_MIGRATION).sort();
    for (const name of fromChainOn) await rm(join(tmp, name), { recursive: true });
    await migrate(database.url, { migrationsDir: tmp });
    db = createDb(database.url);
    await db.pool.query(
      `INSERT INTO audit_logs (action, entity_type, entity_id, actor, details, at) VALUES
         ('run.started', 'reconciliation_run', 'r1', 'scheduler', '{"runDate": "2026-11-01"}', '2026-11-01T04:00:00.123Z'),
         ('run.completed', 'reconciliation_run', 'r1', 'system', '{"counts": {"duplicate": 0, "timing": 2}}', '2026-11-01T04:05:00Z'),
         ('break.resolved', 'break', '9', 'cli:bob', '{"note": "JE-7 ✓"}', '2026-11-02T09:00:00Z')`,
    );
    expect(await migrate(database.url)).toEqual({ applied: fromChainOn });
    expect(fromChainOn[0]).toBe(CHAIN_MIGRATION);
    const rows = await stored(db);
    expect(rows.map((r) => [r.seq, r.id, r.action])).toEqual([
      ["1", "1", "run.started"],
      ["2", "2", "run.completed"],
      ["3", "3", "break.resolved"],
    ]);
    await appendAudit(db.pool, { action: "report.uploaded", entityType: "reconciliation_run", entityId: "r1" });
    expect(await verifyAuditChain(db)).toMatchObject({ checked: 4, problem: null });
  });
});
