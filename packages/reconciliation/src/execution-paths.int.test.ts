import {
  copyInternalTransactions,
  copyProcessorTransactions,
  createDb,
  listCleanPairs,
  type Db,
} from "@recon/db";
import { dayWindow } from "@recon/domain";
import { compareStrings, type ReconcileResult } from "@recon/engine";
import { createTestDatabase, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Ground truth comes from the sandbox's truth-day generator; by path, since the worker must not
// depend on the sandbox at runtime.
import { generateTruthDay, storableTruthDay, type TruthDay } from "../../../packages/sandbox/src/truth-day/index";
import { readWindowOf, reconcileDay } from "./reconcile-day";
import { DEFAULT_RECONCILE_SETTINGS } from "./reconcile-settings";

/** The hybrid result with the pairs Postgres settled put back into `matched`, for comparison. */
function withCleanPairs(result: ReconcileResult, clean: { processorId: string; internalId: string }[]): ReconcileResult {
  const matched = [...result.matched, ...clean].sort(
    (a, b) => compareStrings(a.processorId, b.processorId) || compareStrings(a.internalId, b.internalId),
  );
  return { ...result, matched };
}

describe("every execution path gives identical outcomes", () => {
  let database: TestDatabase;
  let db: Db;
  let day: TruthDay;
  beforeAll(async () => {
    database = await createTestDatabase({ name: "recon_paths" });
    db = createDb(database.url);
    day = storableTruthDay(generateTruthDay({ size: 4_000, seed: 99 }));
    await copyProcessorTransactions(db, day.processor);
    await copyInternalTransactions(db, day.internal);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it("hybrid (exact-id pass in Postgres, residue through the engine) equals streaming everything through the engine", async () => {
    const stream = await reconcileDay(db, { processor: "stripe", runDate: day.runDate, mode: "stream" });
    const hybrid = await reconcileDay(db, { processor: "stripe", runDate: day.runDate, mode: "hybrid" });
    const window = dayWindow(day.runDate);
    const clean = await listCleanPairs(db, "stripe", readWindowOf(day.runDate, DEFAULT_RECONCILE_SETTINGS.graceMs), window);
    // Postgres must actually settle most of the day, or the comparison proves little.
    expect(clean.length).toBeGreaterThan(stream.result.matched.length / 2);
    expect(hybrid.result.matched.length).toBe(stream.result.matched.length - clean.length);
    expect(withCleanPairs(hybrid.result, clean)).toEqual(stream.result);
  });

  it("hybrid split into many link-closed partitions equals hybrid in one partition", async () => {
    const whole = await reconcileDay(db, { processor: "stripe", runDate: day.runDate, mode: "hybrid" });
    expect(whole.plan?.partitions).toBe(1);
    // Small partitions force the residue (a few hundred records here) into several of them.
    const settings = { ...DEFAULT_RECONCILE_SETTINGS, maxRecordsPerPartition: 60 };
    const split = await reconcileDay(db, { processor: "stripe", runDate: day.runDate, mode: "hybrid", settings });
    expect(split.plan?.partitions).toBeGreaterThan(4);
    expect(split.result).toEqual(whole.result);
    expect(split.pairedProcessorIds.sort()).toEqual(whole.pairedProcessorIds.sort());
  });

  it("the in-memory engine on the generated records equals the streaming path on the stored ones", async () => {
    const { reconcile } = await import("@recon/engine");
    const memory = await reconcile({
      processor: "stripe",
      processorTransactions: day.processor,
      internalTransactions: day.internal,
      options: { window: day.window },
    });
    const stream = await reconcileDay(db, { processor: "stripe", runDate: day.runDate, mode: "stream" });
    expect(stream.result.discrepancies).toEqual(memory.discrepancies);
    expect(stream.result.matched).toEqual(memory.matched);
    expect(stream.result.matchedGroups).toEqual(memory.matchedGroups);
    expect(stream.result.outOfWindow).toEqual(memory.outOfWindow);
    expect(stream.result.figures).toEqual(memory.figures);
  });
});
