import { randomUUID } from "node:crypto";
import { dayWindow, emptyKindCounts, type Discrepancy, type RunFigures } from "@recon/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { listBreaks } from "./breaks";
import { createDb, type Db } from "./client";
import { createReconcilePlan, type ReconcilePlan } from "./reconcile-plan";
import { completeRun, loadDiscrepancies, startRun } from "./runs";
import { savePartitionOutcomes } from "./staged-outcomes";

const DAY = "2025-11-02";
const PREVIOUS_DAY = "2025-11-01";

function discrepancy(
  kind: Discrepancy["kind"],
  p: string | null,
  l: string | null,
  atRisk: bigint,
): Discrepancy {
  return {
    kind,
    processorExternalId: p,
    internalExternalId: l,
    currency: "USD",
    processorAmountMinor: p === null ? null : 1_000n,
    internalAmountMinor: l === null ? null : 1_000n - atRisk,
    amountAtRiskMinor: atRisk,
    reason: `${kind} of ${p ?? l ?? "?"}`,
  };
}

function figures(counts: Partial<RunFigures["counts"]>): RunFigures {
  return {
    processorTransactionCount: 3,
    internalTransactionCount: 3,
    matchedCount: 1,
    counts: { ...emptyKindCounts(), ...counts },
    primaryCurrency: "USD",
    totalsByCurrency: {},
  };
}

const event = () => ({ id: randomUUID(), type: "run.completed", payload: {} });

describe("outcomes staged by partition jobs", () => {
  let testDb: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    testDb = await createTestDatabase({ name: "staged" });
    db = createDb(testDb.url);
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  async function plan(runId: string): Promise<ReconcilePlan> {
    return createReconcilePlan(db, {
      jobKey: `job-${randomUUID()}`,
      attempt: 0,
      runId,
      processor: "stripe",
      runDate: DAY,
      read: dayWindow(DAY),
      day: dayWindow(DAY),
      maxRecordsPerPartition: 100,
    });
  }

  it("move into the run's discrepancies and breaks at completion, a retried partition counting once", async () => {
    // Day D-1 left txn_7 missing from the ledger: an open break.
    const previous = await startRun(db, { processor: "stripe", runDate: PREVIOUS_DAY, createdBy: "test" });
    await completeRun(db, {
      runId: previous,
      processor: "stripe",
      runDate: PREVIOUS_DAY,
      figures: figures({ missing_in_internal: 1 }),
      discrepancies: [discrepancy("missing_in_internal", "txn_7", null, 1_000n)],
      missing: [],
      rejectedCount: 0,
      breaks: { pairedProcessorIds: [], pairedInternalIds: [] },
      event: event(),
    });
    expect((await listBreaks(db, { processor: "stripe" })).map((b) => b.processorExternalId)).toEqual([
      "txn_7",
    ]);

    const runId = await startRun(db, { processor: "stripe", runDate: DAY, createdBy: "test" });
    const p = await plan(runId);
    // A first attempt of partition 0 stored two discrepancies; its retry stores one, and pairs txn_7.
    await savePartitionOutcomes(
      db,
      p.id,
      0,
      {
        discrepancies: [
          discrepancy("amount_mismatch", "txn_8", "led_8", 5n),
          discrepancy("duplicate", "txn_9", null, 0n),
        ],
        pairedProcessorIds: [],
        pairedInternalIds: [],
      },
      "first attempt",
    );
    await savePartitionOutcomes(
      db,
      p.id,
      0,
      {
        discrepancies: [discrepancy("amount_mismatch", "txn_8", "led_8", 5n)],
        pairedProcessorIds: ["txn_7", "txn_8"],
        pairedInternalIds: ["led_7", "led_8"],
      },
      "retry",
    );
    const { rows: results } = await db.pool.query(
      "SELECT result FROM reconcile_partition_results WHERE plan_id = $1",
      [p.id],
    );
    expect(results).toEqual([{ result: "retry" }]);

    await completeRun(db, {
      runId,
      processor: "stripe",
      runDate: DAY,
      figures: figures({ amount_mismatch: 1, missing_in_processor: 1 }),
      // What the parent decided itself, from the leftovers.
      discrepancies: [discrepancy("missing_in_processor", null, "led_10", 700n)],
      missing: [],
      rejectedCount: 0,
      breaks: { pairedProcessorIds: [], pairedInternalIds: [] },
      planId: p.id,
      event: event(),
    });

    const stored = await loadDiscrepancies(db, runId);
    expect(
      stored.map((d) => [d.kind, d.processorExternalId, d.internalExternalId, d.amountAtRiskMinor]),
    ).toEqual([
      ["missing_in_processor", null, "led_10", 700n],
      ["amount_mismatch", "txn_8", "led_8", 5n],
    ]);
    const breaks = await listBreaks(db, { processor: "stripe", status: "all", asOf: DAY });
    expect(
      breaks.map((b) => [b.kind, b.processorExternalId ?? b.internalExternalId, b.status, b.resolution]),
    ).toEqual([
      ["missing_in_internal", "txn_7", "resolved", "auto"],
      ["amount_mismatch", "txn_8", "open", null],
      ["missing_in_processor", "led_10", "open", null],
    ]);
    const { rows: audit } = await db.pool.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_logs WHERE entity_type = 'break' GROUP BY action ORDER BY action",
    );
    expect(audit).toEqual([
      { action: "break.opened", n: 3 },
      { action: "break.resolved", n: 1 },
    ]);
    // The plan went with the commit, and its staged rows with it.
    for (const table of [
      "reconcile_plans",
      "reconcile_staged_discrepancies",
      "reconcile_staged_paired_ids",
      "reconcile_partition_results",
    ]) {
      const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, n: rows[0]!.n }).toEqual({ table, n: 0 });
    }
  });

  it("keep every field of every staged discrepancy exactly, whatever its text, across partitions", async () => {
    const runId = await startRun(db, { processor: "stripe", runDate: DAY, createdBy: "test" });
    const p = await plan(runId);
    // Text that an array literal must escape, nulls, an empty id and an amount past 2^53.
    const tricky: Discrepancy[] = [
      {
        ...discrepancy("amount_mismatch", 'txn_"quoted",{braced}', "led\\back slash", 5n),
        reason: 'amount 10,00 vs 9,95 "EUR" {x} \\ NULL',
      },
      {
        ...discrepancy("missing_in_internal", "NULL", null, 9_007_199_254_740_993n),
        processorAmountMinor: 9_007_199_254_740_993n,
      },
      { ...discrepancy("missing_in_processor", null, "", 1n), reason: "ledger row éè € \n not a newline" },
    ];
    const second: Discrepancy[] = [discrepancy("duplicate", "txn_dup", null, 0n)];
    await savePartitionOutcomes(
      db,
      p.id,
      0,
      { discrepancies: tricky, pairedProcessorIds: [], pairedInternalIds: [] },
      "{}",
    );
    await savePartitionOutcomes(
      db,
      p.id,
      1,
      { discrepancies: second, pairedProcessorIds: [], pairedInternalIds: [] },
      "{}",
    );
    await completeRun(db, {
      runId,
      processor: "stripe",
      runDate: DAY,
      figures: figures({ amount_mismatch: 1, missing_in_internal: 1, missing_in_processor: 1, duplicate: 1 }),
      discrepancies: [],
      missing: [],
      rejectedCount: 0,
      planId: p.id,
      event: event(),
    });
    type Row = Omit<Discrepancy, "kind"> & { kind: string };
    const fields = (d: Row) => [
      d.kind,
      d.processorExternalId,
      d.internalExternalId,
      d.currency,
      d.processorAmountMinor,
      d.internalAmountMinor,
      d.amountAtRiskMinor,
      d.reason,
    ];
    const byReason = (a: Row, b: Row) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0);
    expect((await loadDiscrepancies(db, runId)).sort(byReason).map(fields)).toEqual(
      [...tricky, ...second].sort(byReason).map(fields),
    );
  });

  it("are refused for a plan that is gone, and a run completed from a gone plan keeps its previous results", async () => {
    const runId = await startRun(db, { processor: "stripe", runDate: DAY, createdBy: "test" });
    const gone = randomUUID();
    await expect(
      savePartitionOutcomes(
        db,
        gone,
        0,
        { discrepancies: [], pairedProcessorIds: [], pairedInternalIds: [] },
        "{}",
      ),
    ).rejects.toThrow(`reconcile plan ${gone} no longer exists`);

    await completeRun(db, {
      runId,
      processor: "stripe",
      runDate: DAY,
      figures: figures({ missing_in_processor: 1 }),
      discrepancies: [discrepancy("missing_in_processor", null, "led_1", 100n)],
      missing: [],
      rejectedCount: 0,
      event: event(),
    });
    await expect(
      completeRun(db, {
        runId,
        processor: "stripe",
        runDate: DAY,
        figures: figures({}),
        discrepancies: [],
        missing: [],
        rejectedCount: 0,
        planId: gone,
        event: event(),
      }),
    ).rejects.toThrow(`reconcile plan ${gone} no longer exists: the run must be planned again`);
    expect((await loadDiscrepancies(db, runId)).map((d) => d.internalExternalId)).toEqual(["led_1"]);
  });

  it("must agree with the figures: a run whose stored rows and tallies disagree is not written", async () => {
    const runId = await startRun(db, { processor: "stripe", runDate: DAY, createdBy: "test" });
    const p = await plan(runId);
    await savePartitionOutcomes(
      db,
      p.id,
      0,
      {
        discrepancies: [discrepancy("amount_mismatch", "txn_8", "led_8", 5n)],
        pairedProcessorIds: [],
        pairedInternalIds: [],
      },
      "{}",
    );
    await expect(
      completeRun(db, {
        runId,
        processor: "stripe",
        runDate: DAY,
        // The tally lost the staged amount_mismatch.
        figures: figures({ missing_in_processor: 1 }),
        discrepancies: [discrepancy("missing_in_processor", null, "led_10", 700n)],
        missing: [],
        rejectedCount: 0,
        planId: p.id,
        event: event(),
      }),
    ).rejects.toThrow(
      `run ${runId}: 1 amount_mismatch discrepancies stored but the figures count 0; nothing was written`,
    );
    expect(await loadDiscrepancies(db, runId)).toEqual([]);
    const { rows } = await db.pool.query("SELECT id FROM reconcile_plans WHERE id = $1", [p.id]);
    expect(rows).toHaveLength(1);
  });
});
