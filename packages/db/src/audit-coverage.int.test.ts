// Every write path to run results, discrepancies, missing transactions and breaks leaves its
// audit entry, in the same transaction: each step below asserts exactly the entries it appended.
import { randomUUID } from "node:crypto";
import { emptyKindCounts, type Discrepancy, type ProcessorTransaction, type RunFigures } from "@recon/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { checkRunsAgainstAudit } from "./audited-runs-check";
import { listBreaks, reopenBreak, resolveBreak } from "./breaks";
import { createDb, type Db } from "./client";
import { failRunOnce } from "./fail-run";
import { completeRun, setRunReports, startRun } from "./runs";
import { verifyAuditChain } from "./verify-audit-chain";

const D1 = "2026-11-01";
const D2 = "2026-11-02";

function missingTx(id: string, grossMinor: bigint): ProcessorTransaction {
  return {
    processor: "stripe", externalId: id, relatedIds: [], reference: null, merchantId: null, grossMinor, feeMinor: 0n,
    netMinor: grossMinor, currency: "USD", status: "succeeded", rawStatus: "available", type: "payment",
    occurredAt: new Date(`${D1}T10:00:00.000Z`), raw: {},
  };
}

function oneSided(kind: "missing_in_internal" | "missing_in_processor", id: string, amount: bigint): Discrepancy {
  return {
    kind,
    processorExternalId: kind === "missing_in_internal" ? id : null,
    internalExternalId: kind === "missing_in_processor" ? id : null,
    currency: "USD",
    processorAmountMinor: kind === "missing_in_internal" ? amount : null,
    internalAmountMinor: kind === "missing_in_processor" ? amount : null,
    amountAtRiskMinor: amount,
    reason: kind,
  };
}

function figuresOf(discrepancies: Discrepancy[], missingMinor: bigint): RunFigures {
  const counts = emptyKindCounts();
  for (const d of discrepancies) counts[d.kind] += 1;
  return {
    processorTransactionCount: 3,
    internalTransactionCount: 3,
    matchedCount: 2,
    counts,
    primaryCurrency: "USD",
    totalsByCurrency: { USD: { missingMinor, volumeMinor: 9_000n, atRiskMinor: missingMinor, feesAtRiskMinor: 0n } },
  };
}

interface Entry {
  action: string;
  entity: string;
  actor: string;
  details: Record<string, unknown>;
}

describe("audit coverage", () => {
  let database: TestDatabase;
  let db: Db;
  let seen = 0;
  beforeEach(async () => {
    database = await createTestDatabase({ name: "recon_audit_coverage" });
    db = createDb(database.url);
    seen = 0;
  });
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  /** The entries appended since the last call. */
  async function appended(): Promise<Entry[]> {
    const { rows } = await db.pool.query<{ seq: string; action: string; entity: string; actor: string; details: Record<string, unknown> }>(
      "SELECT seq::text, action, entity_type || ' ' || entity_id AS entity, actor, details FROM audit_logs WHERE seq > $1 ORDER BY audit_logs.seq",
      [seen],
    );
    seen += rows.length;
    return rows.map(({ action, entity, actor, details }) => ({ action, entity, actor, details }));
  }

  async function complete(runId: string, runDate: string, discrepancies: Discrepancy[], missing: ProcessorTransaction[], pairedProcessorIds: string[] = []) {
    const missingMinor = missing.reduce((sum, t) => sum + t.grossMinor, 0n);
    await completeRun(db, {
      runId, processor: "stripe", runDate, figures: figuresOf(discrepancies, missingMinor), discrepancies, missing, rejectedCount: 0,
      breaks: { pairedProcessorIds, pairedInternalIds: [] },
      event: { id: randomUUID(), type: "run.completed", payload: { runId } },
    });
  }

  it("covers starting, completing, re-running, failing and reporting runs, and every break change", async () => {
    const run1 = await startRun(db, { processor: "stripe", runDate: D1, createdBy: "scheduler" });
    expect(await appended()).toEqual([{ action: "run.started", entity: `reconciliation_run ${run1}`, actor: "scheduler", details: { processor: "stripe", runDate: D1 } }]);

    await complete(run1, D1, [oneSided("missing_in_internal", "txn_1", 1_000n), oneSided("missing_in_processor", "led_9", 500n)], [missingTx("txn_1", 1_000n)]);
    const breaks = await listBreaks(db, { status: "all" });
    const txnBreak = breaks.find((b) => b.processorExternalId === "txn_1")!.id;
    const ledBreak = breaks.find((b) => b.internalExternalId === "led_9")!.id;
    const completed = await appended();
    expect(completed.map((e) => [e.action, e.entity])).toEqual([
      ["break.opened", `break ${txnBreak}`],
      ["break.opened", `break ${ledBreak}`],
      ["run.completed", `reconciliation_run ${run1}`],
    ]);
    // The figures as written, so a run row changed afterwards disagrees with its audit trail.
    expect(completed[2]!.details).toMatchObject({
      counts: { missing_in_internal: 1, missing_in_processor: 1 },
      missing: 1,
      primaryCurrency: "USD",
      totals: { USD: { missingMinor: "1000", atRiskMinor: "1000", volumeMinor: "9000", feesAtRiskMinor: "0" } },
    });

    // A re-run: one break's amount changed, the other no longer reported.
    await startRun(db, { processor: "stripe", runDate: D1, createdBy: "cli:alice" });
    await complete(run1, D1, [oneSided("missing_in_internal", "txn_1", 1_200n)], [missingTx("txn_1", 1_200n)]);
    expect((await appended()).map((e) => [e.action, e.entity, e.actor, e.details.resolution ?? e.details.previousAmountAtRiskMinor ?? null])).toEqual([
      ["run.started", `reconciliation_run ${run1}`, "cli:alice", null],
      ["break.updated", `break ${txnBreak}`, "system", "1000"],
      ["break.resolved", `break ${ledBreak}`, "system", "superseded"],
      ["run.completed", `reconciliation_run ${run1}`, "system", null],
    ]);

    // The next day pairs txn_1: its break resolves automatically.
    const run2 = await startRun(db, { processor: "stripe", runDate: D2, createdBy: "scheduler" });
    await complete(run2, D2, [], [], ["txn_1"]);
    expect((await appended()).map((e) => [e.action, e.entity, e.details.resolution ?? null])).toEqual([
      ["run.started", `reconciliation_run ${run2}`, null],
      ["break.resolved", `break ${txnBreak}`, "auto"],
      ["run.completed", `reconciliation_run ${run2}`, null],
    ]);

    await reopenBreak(db, { id: txnBreak, note: "auto-match was wrong", actor: "cli:bob" });
    await resolveBreak(db, { id: txnBreak, note: "booked, JE-12", actor: "cli:bob" });
    expect((await appended()).map((e) => [e.action, e.entity, e.actor, e.details.note])).toEqual([
      ["break.reopened", `break ${txnBreak}`, "cli:bob", "auto-match was wrong"],
      ["break.resolved", `break ${txnBreak}`, "cli:bob", "booked, JE-12"],
    ]);

    await setRunReports(db, run2, { html: "/reports/stripe/2026-11-02/r.html" });
    expect((await appended()).map((e) => [e.action, e.entity])).toEqual([["report.uploaded", `reconciliation_run ${run2}`]]);

    const failed = await failRunOnce(db, { processor: "stripe", runDate: "2026-11-03", error: "Stripe 401", eventId: randomUUID(), actor: "watchdog" });
    expect(await appended()).toEqual([
      { action: "run.failed", entity: `reconciliation_run ${failed.runId}`, actor: "watchdog", details: { error: "Stripe 401", eventId: failed.event.id } },
    ]);

    expect(await verifyAuditChain(db)).toMatchObject({ checked: seen, problem: null });
    // Re-run, auto-resolved, failed or not: every completed run's results are its last completion's.
    expect(await checkRunsAgainstAudit(db)).toEqual({ checked: 2, problem: null });
  });
});
