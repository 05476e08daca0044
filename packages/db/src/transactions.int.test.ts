import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { dbTest, eventually } from "../../testing/src";
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
  let databaseUrl: string;
  let db: Db;
  dbTest.beforeAll(({ database }) => {
    databaseUrl = database.url;
    db = createDb(databaseUrl);
  });
  afterAll(async () => {
    await db.close();
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
    const small = createDb(databaseUrl, { max: 1 });
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

  // Every character COPY's text format or a text[] literal treats specially, in every text column.
  const NASTY = [
    "tab\there",
    "line\nbreak",
    "carriage\rreturn\r\n",
    "back\\slash\\",
    "\\N",
    "\\\\N",
    "\\.",
    "N",
    "NULL",
    "",
    ' quoted "word", comma, {brace} ',
    "\\t not a tab",
    "unicode é ü 中文 🙂 \u2028\u00a0",
  ];

  it("round-trips text that needs COPY escaping exactly, and re-importing it changes nothing", async () => {
    const processor = NASTY.map((text, i) =>
      ptx(500_000 + i, {
        processor: "paypal",
        externalId: `nasty ${i}\t${text}`,
        relatedIds: [text, `a,b`, `"q"`, "NULL", "", "{x}", " s ", "\\N", `x${text}y`],
        reference: text,
        merchantId: `m${text}`,
        currency: "EUR",
        rawStatus: text,
        type: "payment",
        occurredAt: new Date(DAY.start.getTime() + 3_600_000 + i),
        raw: { text, nested: [text, { k: text }], n: i, nil: null },
      }),
    );
    expect(await upsertProcessorTransactions(db, processor)).toEqual({ inserted: NASTY.length, updated: 0 });
    const window = {
      start: new Date(DAY.start.getTime() + 3_600_000),
      end: new Date(DAY.start.getTime() + 3_600_000 + 1_000),
    };
    expect(await collect(streamProcessorTransactions(db, "paypal", window))).toEqual(processor);
    expect(await upsertProcessorTransactions(db, processor)).toEqual({ inserted: 0, updated: 0 });

    const ledger = NASTY.map((text, i) =>
      itx(500_000 + i, {
        processor: "paypal",
        externalId: `nasty ${text} ${i}`,
        processorRef: text,
        reference: i % 2 ? text : null,
        feeMinor: i % 3 ? null : -5n,
        occurredAt: new Date(DAY.start.getTime() + 3_600_000 + i),
        raw: [text, { text }],
      }),
    );
    expect(await upsertInternalTransactions(db, ledger)).toEqual({ inserted: NASTY.length, updated: 0 });
    expect(await collect(streamInternalTransactions(db, "paypal", window))).toEqual(ledger);
    expect(await upsertInternalTransactions(db, ledger)).toEqual({ inserted: 0, updated: 0 });

    // Raw payloads may carry bigint: stored as decimal strings, as before.
    await upsertInternalTransactions(db, [itx(600_000, { raw: { amount: 9_007_199_254_740_993n } })]);
    const { rows } = await db.pool.query<{ raw: unknown }>(
      "SELECT raw FROM internal_transactions WHERE external_id = 'led_600000'",
    );
    expect(rows[0]!.raw).toEqual({ amount: "9007199254740993" });
  });

  it("re-importing the same rows writes no tuple at all (updated_at and xmin unchanged)", async () => {
    const processor = Array.from({ length: 3_000 }, (_, i) =>
      ptx(700_000 + i, { processor: "square", relatedIds: i % 3 ? [`ch_${i}`] : [] }),
    );
    const ledger = Array.from({ length: 3_000 }, (_, i) =>
      itx(700_000 + i, { reference: i % 2 ? `r${i}` : null }),
    );
    expect(await upsertProcessorTransactions(db, processor)).toEqual({ inserted: 3_000, updated: 0 });
    expect(await upsertInternalTransactions(db, ledger)).toEqual({ inserted: 3_000, updated: 0 });
    const snapshot = async () => ({
      processor: (
        await db.pool.query(
          "SELECT id, xmin::text AS xmin, updated_at FROM processor_transactions WHERE external_id LIKE 'txn_7%' AND processor = 'square' ORDER BY id",
        )
      ).rows,
      ledger: (
        await db.pool.query(
          "SELECT id, xmin::text AS xmin, updated_at FROM internal_transactions WHERE external_id LIKE 'led_7%' ORDER BY id",
        )
      ).rows,
    });
    const before = await snapshot();
    expect(before.processor).toHaveLength(3_000);
    expect(before.ledger).toHaveLength(3_000);
    expect(await upsertProcessorTransactions(db, processor)).toEqual({ inserted: 0, updated: 0 });
    expect(await upsertInternalTransactions(db, ledger)).toEqual({ inserted: 0, updated: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the last of duplicate keys and counts inserted and updated rows in one call", async () => {
    await upsertProcessorTransactions(db, [ptx(800_001), ptx(800_002)]);
    const input = [
      ptx(800_001, { grossMinor: 1n }),
      ptx(800_003, { grossMinor: 1n }),
      ptx(800_002), // unchanged
      ptx(800_001, { grossMinor: 2n }),
      ptx(800_003, { grossMinor: 3n }),
      ptx(800_003, { processor: "paypal", grossMinor: 4n }), // another processor: another key
    ];
    expect(await upsertProcessorTransactions(db, input)).toEqual({ inserted: 2, updated: 1 });
    const { rows } = await db.pool.query<{ processor: string; external_id: string; gross_minor: string }>(
      "SELECT processor, external_id, gross_minor FROM processor_transactions WHERE external_id IN ('txn_800001', 'txn_800003') ORDER BY external_id, processor",
    );
    expect(rows).toEqual([
      { processor: "stripe", external_id: "txn_800001", gross_minor: "2" },
      { processor: "paypal", external_id: "txn_800003", gross_minor: "4" },
      { processor: "stripe", external_id: "txn_800003", gross_minor: "3" },
    ]);

    // The ledger is keyed on its own id alone: another processor for the same id is an update.
    await upsertInternalTransactions(db, [itx(800_001)]);
    expect(
      await upsertInternalTransactions(db, [
        itx(800_001, { status: "failed" }),
        itx(800_002),
        itx(800_001, { processor: "paypal", status: "refunded" }),
      ]),
    ).toEqual({ inserted: 1, updated: 1 });
    const ledger = await db.pool.query(
      "SELECT processor, status FROM internal_transactions WHERE external_id = 'led_800001'",
    );
    expect(ledger.rows).toEqual([{ processor: "paypal", status: "refunded" }]);
    expect(await upsertInternalTransactions(db, [])).toEqual({ inserted: 0, updated: 0 });
  });

  it("a bad row rolls back the whole call, and the connection is fine afterwards", async () => {
    // One connection: a staging table or COPY left behind would break the next call on it.
    const single = createDb(databaseUrl, { max: 1 });
    try {
      await upsertProcessorTransactions(single, [ptx(900_000)]);
      const count = async (table: string, like: string) =>
        (
          await single.pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${table} WHERE external_id LIKE $1`,
            [like],
          )
        ).rows[0]!.n;

      const good = Array.from({ length: 4_000 }, (_, i) => ptx(900_001 + i));
      const notNull = ptx(905_000, { status: null as unknown as ProcessorTransaction["status"] });
      await expect(
        upsertProcessorTransactions(single, [ptx(900_000, { grossMinor: 7n }), ...good, notNull]),
      ).rejects.toThrow(/null value/);
      const tooLong = itx(905_000, { currency: "EURO" });
      await expect(upsertInternalTransactions(single, [itx(900_001), tooLong])).rejects.toThrow(/too long/);
      // An encoder error mid-stream, after earlier batches were already sent.
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(
        upsertProcessorTransactions(single, [...good, ptx(905_001, { raw: cyclic })]),
      ).rejects.toThrow(/circular/i);

      expect(await count("processor_transactions", "txn_90%")).toBe(1);
      const kept = await single.pool.query(
        "SELECT gross_minor FROM processor_transactions WHERE external_id = 'txn_900000'",
      );
      expect(kept.rows[0]!.gross_minor).toBe(ptx(900_000).grossMinor.toString());
      expect(await count("internal_transactions", "led_90%")).toBe(0);

      expect(await upsertProcessorTransactions(single, good)).toEqual({ inserted: 4_000, updated: 0 });
      expect(await upsertProcessorTransactions(single, [ptx(900_000, { grossMinor: 7n })])).toEqual({
        inserted: 0,
        updated: 1,
      });
    } finally {
      await single.close();
    }
  });

  it("concurrent upserts stage in their own sessions", async () => {
    const batches = [0, 1, 2, 3].map((b) =>
      Array.from({ length: 2_500 }, (_, i) => ptx(1_000_000 + b * 10_000 + i, { processor: "square" })),
    );
    const results = await Promise.all(batches.map((batch) => upsertProcessorTransactions(db, batch)));
    expect(results).toEqual(batches.map(() => ({ inserted: 2_500, updated: 0 })));
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM processor_transactions WHERE external_id LIKE 'txn_10_____'",
    );
    expect(rows[0]!.n).toBe(10_000);
  });

  it("writes a batch of new records with one COPY into the table, and merges a batch holding a stored one", async () => {
    const fresh = Array.from({ length: 50 }, (_, i) => ptx(1_100_000 + i));
    const statements: string[] = [];
    const traced = createDb(databaseUrl, { max: 1 });
    const wrapped = new WeakSet<object>();
    traced.pool.on("acquire", (client) => {
      // once per client: the pool hands the same client out again
      if (wrapped.has(client)) return;
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const first = args[0] as string | { text?: string } | undefined;
        statements.push(typeof first === "string" ? first : (first?.text ?? "<copy stream>"));
        return query(...args);
      };
    });
    try {
      expect(await upsertProcessorTransactions(traced, fresh)).toEqual({ inserted: 50, updated: 0 });
      expect(statements.some((sql) => sql.includes("CREATE TEMP TABLE"))).toBe(false);

      statements.length = 0;
      const mixed = [ptx(1_100_000, { grossMinor: 1n }), ptx(1_100_050)];
      expect(await upsertProcessorTransactions(traced, mixed)).toEqual({ inserted: 1, updated: 1 });
      expect(statements.some((sql) => sql.includes("CREATE TEMP TABLE"))).toBe(true);

      // A new first row and a stored later one: the COPY fails on the unique key, nothing of it
      // stays, and the batch is merged.
      statements.length = 0;
      const storedLater = [ptx(1_100_051), ptx(1_100_001, { grossMinor: 2n }), ptx(1_100_052)];
      expect(await upsertProcessorTransactions(traced, storedLater)).toEqual({ inserted: 2, updated: 1 });
      expect(statements.filter((sql) => sql.startsWith("COPY processor_transactions"))).toHaveLength(1); // failed, wrote nothing
      expect(statements.filter((sql) => sql.startsWith("COPY pg_temp."))).toHaveLength(1);
      expect(statements.some((sql) => sql.includes("CREATE TEMP TABLE"))).toBe(true);
    } finally {
      await traced.close();
    }
    const { rows } = await db.pool.query<{ n: number; gross: string }>(
      "SELECT count(*)::int AS n, sum(gross_minor)::text AS gross FROM processor_transactions WHERE external_id LIKE 'txn_1100___'",
    );
    // txn_1100000 and txn_1100001 were updated to gross 1 and 2; the rest as written.
    const kept = [...fresh.slice(2), ptx(1_100_050), ptx(1_100_051), ptx(1_100_052)];
    const expected = kept.reduce((sum, row) => sum + row.grossMinor, 1n + 2n);
    expect(rows[0]).toEqual({ n: 53, gross: expected.toString() });
  });

  it("falls back to merging when a concurrent writer stores one of the new keys during the COPY", async () => {
    const rival = await db.pool.connect();
    try {
      await rival.query("BEGIN");
      // Stored by the rival, not yet committed: invisible to the upsert's check, in its COPY's way.
      await upsertInside(rival, ptx(1_200_000));
      const upsert = upsertProcessorTransactions(db, [ptx(1_200_000, { grossMinor: 5n }), ptx(1_200_001)]);
      await eventually(
        "the upsert to block on the rival's key",
        async () => {
          const { rows } = await db.pool.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          );
          return rows[0]!.n === 1;
        },
        { timeoutMs: 10_000 },
      );
      await rival.query("COMMIT");
      expect(await upsert).toEqual({ inserted: 1, updated: 1 });
    } finally {
      rival.release();
    }
    const { rows } = await db.pool.query<{ external_id: string; gross_minor: string }>(
      "SELECT external_id, gross_minor::text FROM processor_transactions WHERE external_id IN ('txn_1200000', 'txn_1200001') ORDER BY 1",
    );
    expect(rows).toEqual([
      { external_id: "txn_1200000", gross_minor: "5" },
      { external_id: "txn_1200001", gross_minor: String(9_007_199_254_740_993n + 1_200_001n) },
    ]);
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

/** Inserts one processor record on an open transaction's client (the rival writer above). */
async function upsertInside(client: pg.PoolClient, row: ProcessorTransaction): Promise<void> {
  await client.query(
    `INSERT INTO processor_transactions (processor, external_id, related_ids, gross_minor, fee_minor, net_minor, currency, status, raw_status, type, occurred_at, raw)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [row.processor, row.externalId, row.relatedIds, row.grossMinor.toString(), row.feeMinor.toString(), row.netMinor.toString(), row.currency, row.status, row.rawStatus, row.type, row.occurredAt, JSON.stringify(row.raw)],
  );
}
