import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { createDb, type Db } from "./client";
import { countRejected } from "./count-rejected";
import { insertRejectedRecords } from "./insert-rejected-records";
import { streamInternalTransactions } from "./read-internal-transactions";
import { streamProcessorTransactions } from "./read-processor-transactions";
import { upsertInternalTransactions } from "./write-internal-transactions";
import { upsertProcessorTransactions } from "./write-processor-transactions";

const DAY = { start: new Date("2025-11-01T00:00:00.000Z"), end: new Date("2025-11-02T00:00:00.000Z") };

function ptx(i: number, overrides: Partial<ProcessorTransaction> = {}): ProcessorTransaction {
  return {
    processor: "stripe",
    externalId: `txn_${i}`,
    relatedIds: [`ch_${i}`, `pi_${i}`],
    reference: i % 2 ? `order-${i}` : null,
    merchantId: "m_1",
    grossMinor: 9_007_199_254_740_993n + BigInt(i), // beyond Number.MAX_SAFE_INTEGER: bigint all the way
    feeMinor: 30n,
    netMinor: 9_007_199_254_740_963n + BigInt(i),
    currency: "USD",
    status: "succeeded",
    rawStatus: "available",
    type: "payment",
    occurredAt: new Date(DAY.start.getTime() + i * 1000),
    raw: { id: `txn_${i}`, note: 'quotes " and \\ backslashes, {braces}' },
    ...overrides,
  };
}

function itx(i: number, overrides: Partial<InternalTransaction> = {}): InternalTransaction {
  return {
    externalId: `led_${i}`,
    processor: "stripe",
    processorRef: `ch_${i}`,
    reference: null,
    grossMinor: BigInt(i * 100),
    feeMinor: i % 2 ? null : 30n,
    currency: "USD",
    status: "succeeded",
    occurredAt: new Date(DAY.start.getTime() + i * 1000),
    raw: [i],
    ...overrides,
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("transaction writers and readers", () => {
  let testDb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    testDb = await createTestDatabase({ name: "txns" });
    db = createDb(testDb.url);
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it("upserts processor transactions idempotently and updates only what changed", async () => {
    const rows = [ptx(1), ptx(2), ptx(3, { relatedIds: [] })];
    expect(await upsertProcessorTransactions(db, rows)).toEqual({ inserted: 3, updated: 0 });
    expect(await upsertProcessorTransactions(db, rows)).toEqual({ inserted: 0, updated: 0 });
    const before = await db.pool.query<{ updated_at: Date }>("SELECT updated_at FROM processor_transactions WHERE external_id = 'txn_2'");

    const changed = [ptx(1), ptx(2, { status: "refunded", relatedIds: ["ch_2"] }), ptx(3, { relatedIds: [] }), ptx(4)];
    expect(await upsertProcessorTransactions(db, changed)).toEqual({ inserted: 1, updated: 1 });
    const { rows: stored } = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM processor_transactions");
    expect(stored[0]!.n).toBe("4");
    const after = await db.pool.query<{ updated_at: Date; status: string; related_ids: string[] }>(
      "SELECT updated_at, status, related_ids FROM processor_transactions WHERE external_id = 'txn_2'",
    );
    expect(after.rows[0]).toMatchObject({ status: "refunded", related_ids: ["ch_2"] });
    expect(after.rows[0]!.updated_at.getTime()).toBeGreaterThan(before.rows[0]!.updated_at.getTime());
  });

  it("keeps the last of duplicate keys within one call and handles more rows than one chunk", async () => {
    const many = Array.from({ length: 12_000 }, (_, i) => ptx(10_000 + i, { processor: "square" }));
    many.push(ptx(10_000, { processor: "square", grossMinor: 1n }));
    expect(await upsertProcessorTransactions(db, many)).toEqual({ inserted: 12_000, updated: 0 });
    const { rows } = await db.pool.query<{ gross_minor: string }>(
      "SELECT gross_minor FROM processor_transactions WHERE processor = 'square' AND external_id = 'txn_10000'",
    );
    expect(rows[0]!.gross_minor).toBe("1");
  });

  it("streams processor transactions of the window through a cursor, none outside it", async () => {
    const inWindow = Array.from({ length: 5_003 }, (_, i) => ptx(100_000 + i, { processor: "paypal", occurredAt: new Date(DAY.start.getTime() + i) }));
    const outside = [
      ptx(1, { processor: "paypal", externalId: "before", occurredAt: new Date(DAY.start.getTime() - 1) }),
      ptx(1, { processor: "paypal", externalId: "at-end", occurredAt: DAY.end }),
    ];
    await upsertProcessorTransactions(db, [...inWindow, ...outside]);
    const streamed = await collect(streamProcessorTransactions(db, "paypal", DAY));
    expect(streamed).toHaveLength(5_003);
    expect(streamed.map((t) => t.externalId)).not.toContain("before");
    expect(streamed.map((t) => t.externalId)).not.toContain("at-end");
    expect(streamed[0]).toEqual(inWindow[0]);
  });

  it("releases the cursor's client when the consumer stops early", async () => {
    const small = createDb(testDb.url, { max: 1 });
    try {
      for await (const _ of streamProcessorTransactions(small, "paypal", DAY)) break;
      // With a pool of one, this only succeeds if the streaming client went back to the pool.
      expect((await collect(streamProcessorTransactions(small, "paypal", DAY))).length).toBe(5_003);
    } finally {
      await small.close();
    }
  });

  it("upserts internal transactions idempotently and streams them back", async () => {
    const rows = [itx(1), itx(2), itx(3)];
    expect(await upsertInternalTransactions(db, rows)).toEqual({ inserted: 3, updated: 0 });
    expect(await upsertInternalTransactions(db, rows)).toEqual({ inserted: 0, updated: 0 });
    expect(await upsertInternalTransactions(db, [itx(1, { feeMinor: 45n }), itx(2)])).toEqual({ inserted: 0, updated: 1 });
    const streamed = await collect(streamInternalTransactions(db, "stripe", DAY));
    expect(streamed).toEqual([itx(1, { feeMinor: 45n }), itx(2), itx(3)]);
  });

  it("quarantines rejected records and counts them per source and run date", async () => {
    const written = await insertRejectedRecords(
      db,
      [
        { source: "paypal", externalId: "bad-1", reason: "amount: expected a decimal string", raw: { amount: "1.2.3" } },
        { source: "paypal", externalId: null, reason: "id: missing", raw: "garbage line" },
        { source: "internal", externalId: "x", reason: "currency: unknown", raw: null },
      ],
      { runDate: "2025-11-01" },
    );
    expect(written).toBe(3);
    expect(await countRejected(db, "paypal", "2025-11-01")).toBe(2);
    expect(await countRejected(db, "paypal", "2025-11-02")).toBe(0);
    expect(await insertRejectedRecords(db, [])).toBe(0);
  });

  it("a retried fetch slice replaces its own earlier rejections instead of adding to them", async () => {
    const bad = { source: "stripe" as const, externalId: "txn_bad", reason: "amount: expected an integer", raw: { amount: "x" } };
    const target = { runDate: "2025-11-03", sliceKey: "stripe:processor:2025-11-03T00:00:00.000Z" };
    await insertRejectedRecords(db, [bad], { ...target, replaceSlice: true });
    await insertRejectedRecords(db, [bad], { ...target, replaceSlice: false });
    expect(await countRejected(db, "stripe", "2025-11-03")).toBe(2);
    // The retry's first page clears the slice, then its second page appends.
    await insertRejectedRecords(db, [bad], { ...target, replaceSlice: true });
    expect(await countRejected(db, "stripe", "2025-11-03")).toBe(1);
    await insertRejectedRecords(db, [], { ...target, replaceSlice: true });
    expect(await countRejected(db, "stripe", "2025-11-03")).toBe(0);
  });
});
