// `recon audit verify` as operators run it: the real CLI process on a real database whose audit
// log the application wrote, with an anchor beside the reports, then tampered with the way an
// attacker owning the table would (triggers disabled). Each tampering works on a fresh copy of
// the same database (CREATE DATABASE … TEMPLATE).
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completeRun, createDb, dropDatabase, readAuditChainHead, resolveBreak, setRunReports, startRun, withDatabase, type Db } from "@recon/db";
import { emptyKindCounts } from "@recon/domain";
import { writeAuditAnchor } from "@recon/reports";
import { createTestDatabase, uniquePrefix, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon } from "../testing/cli-process";

let seeded: TestDatabase;
let reportsDir: string;
let anchorPath: string;
let anchoredSeq: number;
let headSeq: number;
const copies: string[] = [];

interface Entry {
  seq: number;
  id: string;
  action: string;
  entity: string;
  hash: string;
}
let entries: Entry[];
const bySeq = (seq: number) => entries.find((e) => e.seq === seq)!;
const named = (e: Entry) => `seq ${e.seq} (id ${e.id}, ${e.action} ${e.entity})`;

/** What the application writes on a day: two runs, their breaks, a manual resolution, reports. */
async function writeHistory(db: Db): Promise<void> {
  const runId = await startRun(db, { processor: "stripe", runDate: "2026-11-30", createdBy: "scheduler" });
  const missing = { kind: "missing_in_internal" as const, processorExternalId: "txn_1", internalExternalId: null, currency: "USD", processorAmountMinor: 125_000n, internalAmountMinor: null, amountAtRiskMinor: 125_000n, reason: "no ledger record" };
  const fee = { kind: "fee_mismatch" as const, processorExternalId: "txn_2", internalExternalId: "led_2", currency: "USD", processorAmountMinor: 30n, internalAmountMinor: 25n, amountAtRiskMinor: 5n, reason: "fee differs" };
  await completeRun(db, {
    runId,
    processor: "stripe",
    runDate: "2026-11-30",
    figures: {
      processorTransactionCount: 3,
      internalTransactionCount: 2,
      matchedCount: 1,
      counts: { ...emptyKindCounts(), missing_in_internal: 1, fee_mismatch: 1 },
      primaryCurrency: "USD",
      totalsByCurrency: { USD: { missingMinor: 125_000n, volumeMinor: 300_000n, atRiskMinor: 125_005n, feesAtRiskMinor: 0n } },
    },
    discrepancies: [missing, fee],
    missing: [],
    rejectedCount: 0,
    breaks: { pairedProcessorIds: [], pairedInternalIds: [] },
    event: { id: randomUUID(), type: "run.completed", payload: { runId } },
  });
  const { rows } = await db.pool.query<{ id: string }>("SELECT id::text FROM breaks WHERE kind = 'fee_mismatch'");
  await resolveBreak(db, { id: rows[0]!.id, note: "fee waived, JE-31", actor: "cli:alice" });
  await setRunReports(db, runId, { html: "/reports/stripe/2026-11-30/report.html" });
}

beforeAll(async () => {
  seeded = await createTestDatabase({ name: "recon_cli_audit" });
  reportsDir = await mkdtemp(join(tmpdir(), "recon-audit-reports-"));
  const db = createDb(seeded.url);
  try {
    await writeHistory(db);
    // The report worker's anchor, then more history after it.
    const head = (await readAuditChainHead(db.pool))!;
    anchorPath = await writeAuditAnchor({ head, context: { runId: randomUUID(), processor: "stripe", runDate: "2026-11-30" }, reportsDir, sandbox: false });
    anchoredSeq = Number(head.seq);
    await startRun(db, { processor: "paypal", runDate: "2026-12-01", createdBy: "scheduler" });
    await startRun(db, { processor: "square", runDate: "2026-12-01", createdBy: "slack:U123" });
  } finally {
    await db.close();
  }
  entries = await queryDatabase<Entry>(
    seeded.url,
    "SELECT seq::int AS seq, id::text, action, entity_type || ' ' || entity_id AS entity, hash FROM audit_logs ORDER BY audit_logs.seq",
  );
  headSeq = entries.length;
});

afterAll(async () => {
  for (const url of copies) await dropDatabase(url);
  await seeded?.drop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

function env(databaseUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: databaseUrl, REPORTS_DIR: reportsDir, S3_BUCKET: "", LOG_LEVEL: "warn" };
}

const verify = (databaseUrl: string, ...args: string[]) => runRecon(["audit", "verify", ...args], env(databaseUrl), 120_000);

/** A fresh copy of the seeded database, tampered with by `sql` as the table's owner would. */
async function tampered(sql: string): Promise<string> {
  const url = withDatabase(seeded.url, uniquePrefix("recon_cli_audit_copy"));
  await queryDatabase(withDatabase(seeded.url, "postgres"), `CREATE DATABASE "${new URL(url).pathname.slice(1)}" TEMPLATE "${new URL(seeded.url).pathname.slice(1)}"`);
  copies.push(url);
  await queryDatabase(url, sql);
  return url;
}

describe("recon audit verify", () => {
  it("reads the anchors of the database's own mode: a sandbox database's are under sandbox/, without RECON_SANDBOX set", async () => {
    const sandboxCopy = await tampered("INSERT INTO database_mode (id, sandbox, claimed_by) VALUES (1, true, 'test')");
    const result = await verify(sandboxCopy);
    expect(result.code, result.stderr).toBe(0);
    // The real chain's anchor beside it is not this chain's, so it is neither read nor compared.
    expect(result.stdout).toContain(`no anchors in ${join(reportsDir, "sandbox", "audit-anchors")}`);
  });

  it("passes on the untouched database, with a one-line summary naming the head and the anchor", async () => {
    expect(entries.length).toBeGreaterThan(anchoredSeq);
    const result = await verify(seeded.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `audit chain intact: ${headSeq} entries checked (seq 1 to ${headSeq}), head seq ${headSeq} hash ${bySeq(headSeq).hash}; ` +
        `1 of 1 anchors checked, the latest at seq ${anchoredSeq} (${anchorPath}); 1 run agrees with its audited completion\n`,
    );
    const json = await verify(seeded.url, "--json", "--from", "3");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, from: "3", checked: headSeq - 2, head: { seq: String(headSeq) }, anchors: { found: 1, checked: 1 }, problem: null });
    const bad = await verify(seeded.url, "--from", "yesterday");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--from must be a seq (a whole number from 1) or a date (YYYY-MM-DD, UTC, or an ISO instant), got "yesterday"');
  });

  it("fails naming an edited entry: a run's missing count zeroed in its audit record", async () => {
    const completed = entries.find((e) => e.action === "run.completed")!;
    const url = await tampered(`
      ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
      UPDATE audit_logs SET details = jsonb_set(details, '{counts,missing_in_internal}', '0') WHERE id = ${completed.id};`);
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`audit chain broken (edited): entry ${named(completed)} was edited: its content no longer matches its hash\n`);
    expect(JSON.parse((await verify(url, "--json")).stdout)).toMatchObject({ ok: false, problem: { kind: "edited", seq: String(completed.seq), id: completed.id, action: "run.completed" } });
  });

  it("fails naming the run and its completion entry when the run's missing figures are zeroed in its row, as the fleet's role could", async () => {
    const completed = entries.find((e) => e.action === "run.completed")!;
    const url = await tampered("UPDATE reconciliation_runs SET total_discrepancy_amount = 0 WHERE processor_name = 'stripe'");
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `audit trail contradicted (run-changed): run ${completed.entity.split(" ")[1]} (stripe 2026-11-30) differs from its completion, audit entry seq ${completed.seq} (id ${completed.id}): ` +
        "its total_discrepancy_amount is 0.00, recorded 1250.00; it was changed outside the application\n",
    );
  });

  it("fails naming a deleted entry: an operator's resolution removed", async () => {
    const resolution = entries.find((e) => e.action === "break.resolved")!;
    const url = await tampered(`
      ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
      DELETE FROM audit_logs WHERE id = ${resolution.id};`);
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `audit chain broken (deleted): 1 entry missing: seq ${resolution.seq} (deleted): gone between ${named(bySeq(resolution.seq - 1))} and ${named(bySeq(resolution.seq + 1))}\n`,
    );
  });

  it("fails naming a reordered pair", async () => {
    const [a, b] = [bySeq(3), bySeq(4)];
    const url = await tampered(`
      ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
      UPDATE audit_logs SET seq = -seq WHERE seq IN (3, 4);
      UPDATE audit_logs SET seq = CASE seq WHEN -3 THEN 4 ELSE 3 END WHERE seq IN (-3, -4);`);
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `audit chain broken (reordered): entries seq 3 (id ${b.id}, ${b.action} ${b.entity}) and seq 4 (id ${a.id}, ${a.action} ${a.entity}) are in the wrong order: seq 3 was written after seq 4's entry\n`,
    );
  });

  it("fails naming an inserted entry, even one chained in with a correct hash and the later entries renumbered", async () => {
    const url = await tampered(`
      ALTER TABLE audit_logs DISABLE TRIGGER USER;
      UPDATE audit_logs SET seq = seq + 1000 WHERE seq >= 5;
      UPDATE audit_logs SET seq = seq - 999 WHERE seq > 1000;
      INSERT INTO audit_logs (id, seq, at, action, entity_type, entity_id, actor, details, prev_hash, hash)
      SELECT 9999, 5, date_trunc('milliseconds', now()), 'break.resolved', 'break', '1', 'cli:mallory', '{"note": "paid"}', p.hash,
             audit_entry_hash(5, date_trunc('milliseconds', now()), 'break.resolved', 'break', '1', 'cli:mallory', '{"note": "paid"}', p.hash)
        FROM audit_logs p WHERE p.seq = 4;`);
    const result = await verify(url);
    expect(result.code).toBe(1);
    const next = bySeq(5);
    expect(result.stdout).toBe(
      `audit chain broken (inserted): entry seq 5 (id 9999, break.resolved break 1) was inserted: seq 6 (id ${next.id}, ${next.action} ${next.entity}) was written as seq 5\n`,
    );
  });

  it("fails naming the anchored entry after the table is truncated, even once the fleet has written again", async () => {
    const url = await tampered(`
      ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_no_truncate;
      TRUNCATE audit_logs;
      ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_no_truncate;`);
    const empty = await verify(url);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toBe(
      `audit chain broken (truncated): entry seq ${anchoredSeq} is gone: the anchor ${anchorPath} records it (hash ${bySeq(anchoredSeq).hash}) but audit_logs is empty: the table was truncated or its tail deleted\n`,
    );
    const db = createDb(url);
    try {
      await startRun(db, { processor: "stripe", runDate: "2026-12-02", createdBy: "scheduler" });
    } finally {
      await db.close();
    }
    const refilled = await verify(url);
    expect(refilled.code).toBe(1);
    expect(refilled.stdout).toContain(`audit chain broken (truncated): entry seq ${anchoredSeq} is gone`);
    expect(refilled.stdout).toContain("but audit_logs ends at seq 1 (id ");
  });

  it("fails naming where a chain rewritten consistently from an edit onwards disagrees with the anchor", async () => {
    const url = await tampered(`
      ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
      UPDATE audit_logs SET actor = 'cli:someone-else' WHERE seq = 2;
      DO $$
      DECLARE e RECORD; previous TEXT;
      BEGIN
        SELECT hash INTO previous FROM audit_logs WHERE seq = 1;
        FOR e IN SELECT * FROM audit_logs WHERE seq >= 2 ORDER BY seq LOOP
          UPDATE audit_logs SET prev_hash = previous,
                 hash = audit_entry_hash(e.seq, e.at, e.action, e.entity_type, e.entity_id, e.actor, e.details, previous)
           WHERE id = e.id RETURNING hash INTO previous;
        END LOOP;
      END $$;`);
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`audit chain broken (rewritten): entry ${named(bySeq(anchoredSeq))} differs from the anchor ${anchorPath}`);
  });
});
