import { randomUUID } from "node:crypto";
import {
  completeRun,
  createDb,
  listBreaks,
  loadDiscrepancies,
  reopenBreak,
  resolveBreak,
  startRun,
  upsertInternalTransactions,
  upsertProcessorTransactions,
  type Db,
} from "@recon/db";
import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import { createTestDatabase, type TestDatabase } from "@recon/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileDay } from "./reconcile-day";

const D = "2026-11-10";
const D1 = "2026-11-11";

function ptx(id: string, at: string, gross = 5_000n): ProcessorTransaction {
  return {
    processor: "stripe", externalId: id, relatedIds: [], reference: null, merchantId: null,
    grossMinor: gross, feeMinor: 0n, netMinor: gross, currency: "USD", status: "succeeded",
    rawStatus: "available", type: "payment", occurredAt: new Date(at), raw: {},
  };
}

function ltx(id: string, ref: string, at: string, gross = 5_000n): InternalTransaction {
  return {
    externalId: id, processor: "stripe", processorRef: ref, reference: null, grossMinor: gross, feeMinor: null,
    currency: "USD", status: "succeeded", occurredAt: new Date(at), raw: {},
  };
}

/** What the reconcile.run job does, minus the queue: reconcile the day and store it with its breaks. */
async function runDay(db: Db, runDate: string) {
  const runId = await startRun(db, { processor: "stripe", runDate, createdBy: "test" });
  const day = await reconcileDay(db, { processor: "stripe", runDate });
  await completeRun(db, {
    runId,
    processor: "stripe",
    runDate,
    figures: day.result.figures,
    discrepancies: day.result.discrepancies,
    missing: day.result.missingInInternal,
    rejectedCount: 0,
    breaks: { pairedProcessorIds: day.pairedProcessorIds, pairedInternalIds: day.pairedInternalIds },
    event: { id: randomUUID(), type: "run.completed", payload: { runId } },
  });
  return { runId, ...day };
}

async function auditActions(db: Db, breakId: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ action: string }>(
    "SELECT action FROM audit_logs WHERE entity_type = 'break' AND entity_id = $1 ORDER BY id",
    [breakId],
  );
  return rows.map((r) => r.action);
}

describe("breaks carry forward", () => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createTestDatabase({ name: "recon_breaks" });
    db = createDb(database.url);
  });
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it("a break left open on day D is resolved by day D+1's run when its counterpart arrives", async () => {
    // Day D: the ledger booked a payment at 23:50; the processor has not reported it yet.
    await upsertProcessorTransactions(db, [ptx("txn_ok", `${D}T10:00:00.000Z`)]);
    await upsertInternalTransactions(db, [
      ltx("led_ok", "txn_ok", `${D}T10:01:00.000Z`),
      ltx("led_late", "txn_late", `${D}T23:50:00.000Z`),
    ]);
    const first = await runDay(db, D);
    expect(first.result.figures.counts.missing_in_processor).toBe(1);
    const [open] = await listBreaks(db, { processor: "stripe", asOf: D1 });
    expect(open).toMatchObject({ kind: "missing_in_processor", internalExternalId: "led_late", status: "open", ageDays: 1 });

    // Day D+1: the processor reports it at 00:10, across the boundary.
    await upsertProcessorTransactions(db, [ptx("txn_late", `${D1}T00:10:00.000Z`)]);
    const second = await runDay(db, D1);
    expect(second.result.discrepancies.map((d) => [d.kind, d.processorExternalId, d.internalExternalId])).toEqual([
      ["timing", "txn_late", "led_late"],
    ]);
    expect(await listBreaks(db, { processor: "stripe", kind: "missing_in_processor" })).toEqual([]);
    const [resolved] = await listBreaks(db, { processor: "stripe", status: "resolved" });
    expect(resolved).toMatchObject({ id: open!.id, resolution: "auto", resolvedBy: "system" });
    expect(await auditActions(db, open!.id)).toEqual(["break.opened", "break.resolved"]);
  });

  it("a counterpart settled inside Postgres (clean id pair) also resolves another day's open break", async () => {
    const D0 = "2026-11-09";
    await upsertInternalTransactions(db, [ltx("led_x", "txn_x", `${D0}T12:00:00.000Z`)]);
    await runDay(db, D0);
    const [open] = await listBreaks(db, { processor: "stripe" });
    expect(open).toMatchObject({ kind: "missing_in_processor", internalExternalId: "led_x", firstSeenRunDate: D0 });
    // The ledger corrects the booking date to D and the processor reports the payment on D: a
    // clean pair, settled by the hybrid path's SQL without passing through the engine.
    await upsertInternalTransactions(db, [ltx("led_x", "txn_x", `${D}T12:00:00.000Z`)]);
    await upsertProcessorTransactions(db, [ptx("txn_x", `${D}T12:00:00.000Z`)]);
    const day = await runDay(db, D);
    expect(day.result.matched).toEqual([]);
    expect(day.result.figures.matchedCount).toBe(1);
    expect(day.pairedInternalIds).toEqual(["led_x"]);
    const [resolved] = await listBreaks(db, { status: "resolved" });
    expect(resolved).toMatchObject({ id: open!.id, resolution: "auto" });
  });

  it("a clean id pair resolves another day's open break on the processor side too, and only that one", async () => {
    const D0 = "2026-11-09";
    await upsertProcessorTransactions(db, [ptx("txn_y", `${D0}T12:00:00.000Z`), ptx("txn_z", `${D0}T13:00:00.000Z`)]);
    await runDay(db, D0);
    expect((await listBreaks(db, { processor: "stripe" })).map((b) => b.processorExternalId).sort()).toEqual(["txn_y", "txn_z"]);
    // The processor re-dates txn_y to D, where the ledger booked it: a clean pair on D. txn_z stays alone.
    await upsertProcessorTransactions(db, [ptx("txn_y", `${D}T12:00:00.000Z`)]);
    await upsertInternalTransactions(db, [ltx("led_y", "txn_y", `${D}T12:00:00.000Z`), ltx("led_w", "txn_w", `${D}T14:00:00.000Z`)]);
    await upsertProcessorTransactions(db, [ptx("txn_w", `${D}T14:00:00.000Z`)]);
    const day = await runDay(db, D);
    expect(day.result.figures.matchedCount).toBe(2);
    expect(day.pairedProcessorIds).toEqual(["txn_y"]);
    expect(day.pairedInternalIds).toEqual(["led_y"]);
    const breaks = await listBreaks(db, { processor: "stripe", status: "all" });
    expect(breaks.map((b) => [b.processorExternalId, b.status]).sort()).toEqual([
      ["txn_y", "resolved"],
      ["txn_z", "open"],
    ]);
  });

  it("operators resolve and reopen with a note, and each change is audited", async () => {
    await upsertInternalTransactions(db, [ltx("led_x", "txn_ghost", `${D}T09:00:00.000Z`)]);
    await runDay(db, D);
    const [b] = await listBreaks(db, {});
    await expect(resolveBreak(db, { id: b!.id, note: " ", actor: "cli:ops" })).rejects.toThrow(/note is required/);
    const resolved = await resolveBreak(db, { id: b!.id, note: "written off, ticket FIN-12", actor: "cli:ops" });
    expect(resolved).toMatchObject({ status: "resolved", resolution: "manual", resolvedBy: "cli:ops", note: "written off, ticket FIN-12" });
    await expect(resolveBreak(db, { id: b!.id, note: "again", actor: "cli:ops" })).rejects.toThrow(/already resolved/);
    const reopened = await reopenBreak(db, { id: b!.id, note: "ticket reopened", actor: "cli:lead" });
    expect(reopened).toMatchObject({ status: "open", resolution: null, note: "ticket reopened" });
    expect(await auditActions(db, b!.id)).toEqual(["break.opened", "break.resolved", "break.reopened"]);
  });

  it("re-running a day gives identical outcomes and replaces the stored results", async () => {
    await upsertProcessorTransactions(db, [ptx("txn_1", `${D}T08:00:00.000Z`), ptx("txn_2", `${D}T09:00:00.000Z`, 7_000n)]);
    await upsertInternalTransactions(db, [ltx("led_1", "txn_1", `${D}T08:00:00.000Z`, 4_000n), ltx("led_9", "txn_9", `${D}T08:00:00.000Z`)]);
    const a = await runDay(db, D);
    const storedA = await loadDiscrepancies(db, a.runId);
    const b = await runDay(db, D);
    expect(b.runId).toBe(a.runId);
    expect(b.result).toEqual(a.result);
    const storedB = await loadDiscrepancies(db, b.runId);
    expect(storedB).toEqual(storedA);
    expect(storedB).toHaveLength(a.result.discrepancies.length);
    expect((await listBreaks(db, {})).length).toBe(a.result.discrepancies.length);
  });
});
