import { randomUUID } from "node:crypto";
import { emptyKindCounts, type Discrepancy, type ProcessorTransaction, type RunFigures } from "@recon/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { createDb, type Db } from "./client";
import { failRunOnce } from "./fail-run";
import { completeRun, getRun, listRuns, loadDiscrepancies, loadMissingTransactions, setRunReports, startRun, type DiscrepancyRow } from "./runs";

function missingTx(i: number): ProcessorTransaction {
  return {
    processor: "stripe",
    externalId: `txn_${i}`,
    relatedIds: [`ch_${i}`],
    reference: `order-${i}`,
    merchantId: "m_1",
    grossMinor: 1_000n * BigInt(i),
    feeMinor: 30n,
    netMinor: 1_000n * BigInt(i) - 30n,
    currency: "USD",
    status: "succeeded",
    rawStatus: "available",
    type: "payment",
    occurredAt: new Date(`2025-11-01T0${i}:00:00.000Z`),
    raw: {},
  };
}

function results(missing: ProcessorTransaction[]): { figures: RunFigures; discrepancies: Discrepancy[] } {
  const discrepancies: Discrepancy[] = missing.map((t) => ({
    kind: "missing_in_internal",
    processorExternalId: t.externalId,
    internalExternalId: null,
    currency: t.currency,
    processorAmountMinor: t.grossMinor,
    internalAmountMinor: null,
    amountAtRiskMinor: t.grossMinor,
    reason: "no ledger record",
  }));
  discrepancies.push({
    kind: "fee_mismatch",
    processorExternalId: "txn_99",
    internalExternalId: "led_99",
    currency: "USD",
    processorAmountMinor: 30n,
    internalAmountMinor: 25n,
    amountAtRiskMinor: 5n,
    reason: "fee 0.30 vs 0.25",
  });
  const missingMinor = missing.reduce((sum, t) => sum + t.grossMinor, 0n);
  return {
    discrepancies,
    figures: {
      processorTransactionCount: 10,
      internalTransactionCount: 9,
      matchedCount: 10 - missing.length,
      counts: { ...emptyKindCounts(), missing_in_internal: missing.length, fee_mismatch: 1 },
      primaryCurrency: "USD",
      totalsByCurrency: {
        USD: { missingMinor, volumeMinor: 1_234_567n, atRiskMinor: missingMinor + 5n, feesAtRiskMinor: 30n * BigInt(missing.length) },
      },
    },
  };
}

const event = (type: string) => ({ id: randomUUID(), type, payload: { big: 1n } });

describe("run store", () => {
  let testDb: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    testDb = await createTestDatabase({ name: "runs" });
    db = createDb(testDb.url);
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  it("keeps one row per (processor, date) with the same id across re-runs, and replaces results", async () => {
    const runId = await startRun(db, { processor: "stripe", runDate: "2025-11-01", createdBy: "test" });
    const first = [missingTx(1), missingTx(2), missingTx(3)];
    await completeRun(db, { runId, processor: "stripe", runDate: "2025-11-01", ...results(first), missing: first, rejectedCount: 2, event: event("run.completed") });

    expect(await startRun(db, { processor: "stripe", runDate: "2025-11-01", createdBy: "test" })).toBe(runId);
    expect((await getRun(db, runId))?.status).toBe("running");
    const second = [missingTx(4)];
    await completeRun(db, { runId, processor: "stripe", runDate: "2025-11-01", ...results(second), missing: second, rejectedCount: 0, event: event("run.completed") });
    // Completing the same results twice (a redelivered job) must not duplicate anything either.
    const again = event("run.completed");
    await completeRun(db, { runId, processor: "stripe", runDate: "2025-11-01", ...results(second), missing: second, rejectedCount: 0, event: again });
    await completeRun(db, { runId, processor: "stripe", runDate: "2025-11-01", ...results(second), missing: second, rejectedCount: 0, event: again });

    const count = async (table: string) => Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    expect(await count("reconciliation_runs")).toBe(1);
    expect(await count("discrepancies")).toBe(2);
    expect(await count("missing_transactions")).toBe(1);
    expect(await count("outbox_events")).toBe(3);

    const legacy = await db.pool.query(
      "SELECT processor_name, missing_transaction_count, total_discrepancy_amount::text AS total FROM reconciliation_runs",
    );
    expect(legacy.rows).toEqual([{ processor_name: "stripe", missing_transaction_count: 1, total: "40.00" }]);

    const run = await getRun(db, runId);
    expect(run).toMatchObject({ status: "completed", primaryCurrency: "USD", matchedCount: 9, rejectedCount: 0, errorMessage: null });
    expect(run!.totalVolumeProcessed.toString()).toBe("12345.67");
    expect(run!.totals).toEqual({ USD: { missingMinor: "4000", volumeMinor: "1234567", atRiskMinor: "4005", feesAtRiskMinor: "30" } });
    expect((run!.counts as Record<string, number>).missing_in_internal).toBe(1);

    expect(await loadMissingTransactions(db, runId)).toEqual([
      {
        transactionId: "txn_4",
        processorName: "stripe",
        amountMinor: 4_000n,
        currency: "USD",
        status: "succeeded",
        merchantId: "m_1",
        transactionDate: new Date("2025-11-01T04:00:00.000Z"),
        referenceNumber: "order-4",
        feeMinor: 30n,
      },
    ]);
    const audit = await db.pool.query<{ action: string }>("SELECT action FROM audit_logs ORDER BY id");
    expect(audit.rows.map((r) => r.action)).toEqual(["run.started", "run.completed", "run.started", "run.completed", "run.completed", "run.completed"]);
  });

  it("refuses to complete a run under another processor or date", async () => {
    const runId = await startRun(db, { processor: "stripe", runDate: "2025-11-01", createdBy: "test" });
    await expect(
      completeRun(db, { runId, processor: "paypal", runDate: "2025-11-01", ...results([]), missing: [], rejectedCount: 0, event: event("run.completed") }),
    ).rejects.toThrow(/not found/);
    expect(Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM outbox_events")).rows[0]!.n)).toBe(0);
  });

  it("fails a run with its reason, and requires one", async () => {
    const runId = await startRun(db, { processor: "paypal", runDate: "2025-11-02", createdBy: "test" });
    const failure = { processor: "paypal", runDate: "2025-11-02", eventId: randomUUID(), actor: "test" } as const;
    await expect(failRunOnce(db, { ...failure, error: "  " })).rejects.toThrow(/error is required/);
    expect(await failRunOnce(db, { ...failure, error: "PayPal 401: invalid client credentials" })).toMatchObject({ runId, recorded: true });
    const run = await getRun(db, runId);
    expect(run).toMatchObject({ status: "failed", errorMessage: "PayPal 401: invalid client credentials" });
    expect(run!.endTime).toBeInstanceOf(Date);
    // The CHECK constraint backs the rule up for anyone writing SQL by hand.
    await expect(db.pool.query("UPDATE reconciliation_runs SET error_message = NULL WHERE id = $1", [runId])).rejects.toThrow(/check constraint/);
    // A re-run clears the failure.
    await startRun(db, { processor: "paypal", runDate: "2025-11-02", createdBy: "test" });
    expect(await getRun(db, runId)).toMatchObject({ status: "running", errorMessage: null, endTime: null });
  });

  it("records a failure once, creating the run when it never started, and fails a restarted run again without a second event", async () => {
    const failure = { processor: "square", runDate: "2025-11-04", eventId: randomUUID(), actor: "watchdog" } as const;
    const first = await failRunOnce(db, { ...failure, error: "fetch.slice x failed: job stalled more than allowable limit" });
    expect(first.recorded).toBe(true);
    expect(await getRun(db, first.runId)).toMatchObject({ status: "failed", createdBy: "watchdog", errorMessage: expect.stringMatching(/stalled/) });
    // Seen again by another observer: nothing changes.
    expect(await failRunOnce(db, { ...failure, error: "another wording" })).toMatchObject({ runId: first.runId, recorded: false });
    expect((await getRun(db, first.runId))!.errorMessage).toMatch(/stalled/);
    // Retried (running again) and failed again: the row says so, the alert is not repeated.
    await startRun(db, { processor: "square", runDate: "2025-11-04", createdBy: "test" });
    expect(await failRunOnce(db, { ...failure, error: "failed again" })).toMatchObject({ recorded: true });
    expect(await getRun(db, first.runId)).toMatchObject({ status: "failed", errorMessage: "failed again" });
    const events = await db.pool.query("SELECT id FROM outbox_events WHERE type = 'run.failed'");
    expect(events.rows).toEqual([{ id: failure.eventId }]);
  });

  it("lists runs by date and processor, and records report locations with an audit entry", async () => {
    const a = await startRun(db, { processor: "stripe", runDate: "2025-11-01", createdBy: "test" });
    await startRun(db, { processor: "paypal", runDate: "2025-11-01", createdBy: "test" });
    await startRun(db, { processor: "stripe", runDate: "2025-11-02", createdBy: "test" });
    expect((await listRuns(db, { runDate: "2025-11-01" })).map((r) => r.processorName)).toEqual(["paypal", "stripe"]);
    expect((await listRuns(db, { processor: "stripe" })).map((r) => r.runDate.toISOString().slice(0, 10))).toEqual(["2025-11-02", "2025-11-01"]);
    expect(await listRuns(db)).toHaveLength(3);

    await setRunReports(db, a, { csv: "reports/a.csv", json: "reports/a.json" }, "reports/stripe/2025-11-01/");
    expect(await getRun(db, a)).toMatchObject({ reports: { csv: "reports/a.csv", json: "reports/a.json" }, reportS3Key: "reports/stripe/2025-11-01/" });
    const audit = await db.pool.query<{ action: string }>("SELECT action FROM audit_logs WHERE entity_id = $1 ORDER BY id", [a]);
    expect(audit.rows.map((r) => r.action)).toEqual(["run.started", "report.uploaded"]);
  });

  it("keeps the audit log append-only", async () => {
    await startRun(db, { processor: "square", runDate: "2025-11-01", createdBy: "test" });
    await expect(db.pool.query("UPDATE audit_logs SET actor = 'mallory'")).rejects.toThrow(/append-only/);
    await expect(db.pool.query("DELETE FROM audit_logs")).rejects.toThrow(/append-only/);
    expect((await db.pool.query("SELECT actor FROM audit_logs")).rows).toEqual([{ actor: "test" }]);
  });

  it("stores every discrepancy exactly as given: text that COPY escapes, nulls, amounts past 2^63 refused", async () => {
    const runId = await startRun(db, { processor: "stripe", runDate: "2025-11-04", createdBy: "test" });
    const given = results([]);
    const awkward: Discrepancy = {
      kind: "amount_mismatch",
      processorExternalId: "txn\t1\\N",
      internalExternalId: "\\N",
      currency: "USD",
      processorAmountMinor: -9_223_372_036_854_775_808n,
      internalAmountMinor: null,
      amountAtRiskMinor: 9_223_372_036_854_775_807n,
      reason: "line one\nline two\r\ttabbed \\ back\\slash \"quoted\" {a,b} NULL ünïcødé",
    };
    const discrepancies = [...given.discrepancies, awkward];
    const figures = { ...given.figures, counts: { ...given.figures.counts, amount_mismatch: 1 } };
    const complete = (ds: Discrepancy[]) =>
      completeRun(db, { runId, processor: "stripe", runDate: "2025-11-04", figures, discrepancies: ds, missing: [], rejectedCount: 0, event: event("run.completed") });
    await complete(discrepancies);
    const fields = (d: DiscrepancyRow): DiscrepancyRow => ({
      kind: d.kind,
      processorExternalId: d.processorExternalId,
      internalExternalId: d.internalExternalId,
      currency: d.currency,
      processorAmountMinor: d.processorAmountMinor,
      internalAmountMinor: d.internalAmountMinor,
      amountAtRiskMinor: d.amountAtRiskMinor,
      reason: d.reason,
    });
    const byKind = (a: DiscrepancyRow, b: DiscrepancyRow) => a.kind.localeCompare(b.kind);
    expect((await loadDiscrepancies(db, runId)).map(fields).sort(byKind)).toEqual(discrepancies.slice().sort(byKind));
    // Past bigint's range: refused by Postgres, and nothing of that completion written.
    await expect(complete([...given.discrepancies, { ...awkward, amountAtRiskMinor: 9_223_372_036_854_775_808n }])).rejects.toThrow(/out of range/);
    expect((await loadDiscrepancies(db, runId)).map(fields).sort(byKind)).toEqual(discrepancies.slice().sort(byKind));
  });

  it("rejects unknown discrepancy kinds and statuses at the database", async () => {
    const runId = await startRun(db, { processor: "square", runDate: "2025-11-03", createdBy: "test" });
    await expect(
      db.pool.query(`INSERT INTO discrepancies (run_id, kind, currency, amount_at_risk_minor, reason) VALUES ($1, 'missing', 'USD', 1, 'x')`, [runId]),
    ).rejects.toThrow(/discrepancies_kind_check/);
    await expect(db.pool.query("UPDATE reconciliation_runs SET status = 'done'")).rejects.toThrow(/reconciliation_runs_status_check/);
    await expect(db.pool.query("UPDATE reconciliation_runs SET total_discrepancy_amount = -1")).rejects.toThrow(/total_discrepancy_amount_check/);
  });
});
