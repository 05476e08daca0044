// A run's results changed by SQL (as the fleet's role can: it must UPDATE runs and DELETE
// discrepancies to do its work) disagree with its audited completion, and the check says which.
import { randomUUID } from "node:crypto";
import { emptyKindCounts } from "@recon/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { checkRunsAgainstAudit } from "./audited-runs-check";
import { createDb, type Db } from "./client";
import { failRunOnce } from "./fail-run";
import { completeRun, startRun } from "./runs";

const DAY = "2026-11-30";

describe("checkRunsAgainstAudit", () => {
  let database: TestDatabase;
  let db: Db;
  let runId: string;
  let completionSeq: string;
  let completionId: string;
  beforeEach(async () => {
    database = await createTestDatabase({ name: "recon_audited_runs" });
    db = createDb(database.url);
    runId = await startRun(db, { processor: "stripe", runDate: DAY, createdBy: "test" });
    await completeRun(db, {
      runId,
      processor: "stripe",
      runDate: DAY,
      figures: {
        processorTransactionCount: 2,
        internalTransactionCount: 1,
        matchedCount: 1,
        counts: { ...emptyKindCounts(), missing_in_internal: 1 },
        primaryCurrency: "USD",
        totalsByCurrency: { USD: { missingMinor: 125_000n, volumeMinor: 250_000n, atRiskMinor: 125_000n, feesAtRiskMinor: 0n } },
      },
      discrepancies: [
        { kind: "missing_in_internal", processorExternalId: "txn_1", internalExternalId: null, currency: "USD", processorAmountMinor: 125_000n, internalAmountMinor: null, amountAtRiskMinor: 125_000n, reason: "no ledger record" },
      ],
      missing: [
        { processor: "stripe", externalId: "txn_1", relatedIds: [], reference: null, merchantId: null, grossMinor: 125_000n, feeMinor: 0n, netMinor: 125_000n, currency: "USD", status: "succeeded", rawStatus: "available", type: "payment", occurredAt: new Date(`${DAY}T10:00:00Z`), raw: {} },
      ],
      rejectedCount: 0,
      event: { id: randomUUID(), type: "run.completed", payload: { runId } },
    });
    // A run that failed before it ever completed has nothing to compare.
    await failRunOnce(db, { processor: "paypal", runDate: DAY, error: "PayPal 401", eventId: randomUUID(), actor: "test" });
    const { rows } = await db.pool.query<{ seq: string; id: string }>("SELECT seq::text, id::text FROM audit_logs WHERE action = 'run.completed'");
    [completionSeq, completionId] = [rows[0]!.seq, rows[0]!.id];
  });
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it("passes runs whose results are the ones their completion recorded", async () => {
    expect(await checkRunsAgainstAudit(db)).toEqual({ checked: 1, problem: null });
  });

  it.each([
    ["the legacy missing figures zeroed", "UPDATE reconciliation_runs SET missing_transaction_count = 0, total_discrepancy_amount = 0", "its missing_transaction_count is 0, recorded 1"],
    ["the legacy amount alone zeroed", "UPDATE reconciliation_runs SET total_discrepancy_amount = 0", "its total_discrepancy_amount is 0.00, recorded 1250.00"],
    ["the discrepancies deleted", "DELETE FROM discrepancies", "it has 0 missing_in_internal discrepancies, recorded 1"],
    ["the missing transactions deleted", "DELETE FROM missing_transactions", "it has 0 missing transactions, recorded 1"],
    ["the counts rewritten", `UPDATE reconciliation_runs SET counts = '{"missing_in_internal": 0}'`, "its missing_in_internal count is 0, recorded 1"],
    ["the totals rewritten", `UPDATE reconciliation_runs SET totals = '{}'`, `its totals are {}, recorded {"USD":`],
  ])("names the run and its completion entry when it has %s", async (_what, sql, difference) => {
    await db.pool.query(sql);
    const { problem } = await checkRunsAgainstAudit(db);
    expect(problem).toMatchObject({ kind: "run-changed", seq: BigInt(completionSeq), action: "run.completed", entity: `reconciliation_run ${runId}` });
    expect(problem?.message).toContain(`run ${runId} (stripe ${DAY}) differs from its completion, audit entry seq ${completionSeq}`);
    expect(problem?.message).toContain(difference);
  });

  it("names a run deleted, and one marked completed with no completion recorded", async () => {
    await db.pool.query("UPDATE reconciliation_runs SET status = 'completed', error_message = NULL WHERE processor_name = 'paypal'");
    expect((await checkRunsAgainstAudit(db)).problem?.message).toMatch(/^run \S+ \(paypal 2026-11-30\) is completed but no audit entry records its completion/);
    await db.pool.query("DELETE FROM reconciliation_runs");
    expect((await checkRunsAgainstAudit(db)).problem?.message).toBe(
      `run ${runId}, whose completion is audit entry seq ${completionSeq} (id ${completionId}), no longer exists: it was deleted`,
    );
  });
});
