// The breaks workbench's read models and bulk resolve, on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../../testing/src";
import { BreakChangeError, reopenBreak, resolveBreak, resolveBreaks } from "../breaks";
import { createDb, type Db } from "../client";
import { loadBreakDetail } from "./break-detail";
import { BREAKS_PAGE_SIZE, BreaksFilterError, searchBreaks, streamBreaks } from "./breaks-search";

const AS_OF = "2026-11-30";

let database: TestDatabase;
let db: Db;

interface Seed {
  processor?: string;
  kind?: string;
  pid?: string | null;
  iid?: string | null;
  currency?: string;
  amount?: bigint;
  reason?: string;
  firstSeen: string;
  lastSeen?: string;
}

async function insertBreak(seed: Seed): Promise<string> {
  const kind = seed.kind ?? "missing_in_internal";
  const pid = seed.pid === undefined ? null : seed.pid;
  const iid = seed.iid === undefined ? null : seed.iid;
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO breaks (processor, break_key, kind, processor_external_id, internal_external_id, currency, amount_at_risk_minor,
                         reason, first_seen_run_date, first_seen_run_id, last_seen_run_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, gen_random_uuid(), $10) RETURNING id::text`,
    [
      seed.processor ?? "stripe", `${kind}|${pid ?? ""}|${iid ?? ""}`, kind, pid, iid, seed.currency ?? "USD",
      (seed.amount ?? 100n).toString(), seed.reason ?? "no ledger record", seed.firstSeen, seed.lastSeen ?? seed.firstSeen,
    ],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  database = await createTestDatabase({ name: "breaks_workbench" });
  db = createDb(database.url, { max: 4 });
});

afterAll(async () => {
  await db.close();
  await database.drop();
});

describe("searchBreaks", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // Ages to AS_OF: 0, 1, 2, 7, 8, 30, 31, 100 days.
    ids.today = await insertBreak({ pid: "txn_today", firstSeen: "2026-11-30", amount: 5_000n });
    ids.yesterday = await insertBreak({ pid: "txn_yesterday", firstSeen: "2026-11-29", amount: 1_250n, currency: "EUR", processor: "adyen" });
    ids.two = await insertBreak({ pid: "txn_two", firstSeen: "2026-11-28", amount: 1_000n, currency: "JPY" });
    ids.seven = await insertBreak({ iid: "led_seven", kind: "missing_in_processor", firstSeen: "2026-11-23", amount: 1_234n, currency: "KWD", reason: "no processor record 100%" });
    ids.eight = await insertBreak({ pid: "txn_eight", iid: "led_eight", kind: "amount_mismatch", firstSeen: "2026-11-22", lastSeen: "2026-11-29", amount: 99n });
    ids.thirty = await insertBreak({ pid: "txn_a_b", firstSeen: "2026-10-31", amount: 10_000n });
    ids.thirtyOne = await insertBreak({ pid: "txnXaXb", firstSeen: "2026-10-30", amount: 10_001n });
    ids.old = await insertBreak({ pid: "txn_old", firstSeen: "2026-08-22", amount: 7n, processor: "paypal" });
    ids.resolved = await insertBreak({ pid: "txn_resolved", firstSeen: "2026-11-01", amount: 3n });
    await resolveBreak(db, { id: ids.resolved, note: "booked", actor: "test:setup" });
  });

  const search = (filter: Parameters<typeof searchBreaks>[1] = {}) => searchBreaks(db, { asOf: AS_OF, ...filter });
  const idsOf = (result: Awaited<ReturnType<typeof searchBreaks>>) => result.rows.map((row) => row.id);

  it("lists open breaks, oldest first, with the counts per age bucket", async () => {
    const result = await search();
    expect(idsOf(result)).toEqual([ids.old, ids.thirtyOne, ids.thirty, ids.eight, ids.seven, ids.two, ids.yesterday, ids.today]);
    expect(result.total).toBe(8);
    expect(result.bucketCounts).toEqual({ "0-1": 2, "2-7": 2, "8-30": 2, "over-30": 2 });
    expect(result.rows[0]).toMatchObject({ processor: "paypal", ageDays: 100, amountAtRiskMinor: 7n, status: "open" });
  });

  it("filters by age bucket, keeping every bucket's count for the header", async () => {
    const result = await search({ ageBucket: "8-30" });
    expect(idsOf(result)).toEqual([ids.thirty, ids.eight]);
    expect(result.total).toBe(2);
    expect(result.bucketCounts).toEqual({ "0-1": 2, "2-7": 2, "8-30": 2, "over-30": 2 });
    expect(idsOf(await search({ ageBucket: "0-1" }))).toEqual([ids.yesterday, ids.today]);
    expect(idsOf(await search({ ageBucket: "2-7" }))).toEqual([ids.seven, ids.two]);
    expect(idsOf(await search({ ageBucket: "over-30" }))).toEqual([ids.old, ids.thirtyOne]);
  });

  it("filters by status, processor, kind and currency", async () => {
    expect(idsOf(await search({ status: "resolved" }))).toEqual([ids.resolved]);
    expect((await search({ status: "all" })).total).toBe(9);
    expect(idsOf(await search({ processor: "adyen" }))).toEqual([ids.yesterday]);
    expect(idsOf(await search({ kind: "missing_in_processor" }))).toEqual([ids.seven]);
    const kwd = await search({ currency: "kwd" });
    expect(idsOf(kwd)).toEqual([ids.seven]);
    expect(kwd.bucketCounts).toEqual({ "0-1": 0, "2-7": 1, "8-30": 0, "over-30": 0 });
  });

  it("reads an amount range in the chosen currency's exponent, exactly", async () => {
    expect(idsOf(await search({ currency: "KWD", minAmount: "1.234", maxAmount: "1.234" }))).toEqual([ids.seven]);
    expect(idsOf(await search({ currency: "KWD", minAmount: "1.235" }))).toEqual([]);
    expect(idsOf(await search({ currency: "JPY", minAmount: "1000" }))).toEqual([ids.two]);
    expect(idsOf(await search({ currency: "USD", minAmount: "50", maxAmount: "100.00" }))).toEqual([ids.thirty, ids.today]);
    await expect(search({ currency: "JPY", minAmount: "1.5" })).rejects.toThrow('amount "1.5" has more decimals than JPY allows (0)');
    await expect(search({ currency: "USD", minAmount: "12,50" })).rejects.toThrow(BreaksFilterError);
    await expect(search({ minAmount: "abc" })).rejects.toThrow('minimum amount "abc" is not an amount');
    await expect(search({ minAmount: "10", maxAmount: "9.99" })).rejects.toThrow("minimum amount 10 is more than maximum amount 9.99");
    await expect(search({ currency: "XXQ" })).rejects.toThrow("unknown currency code");
  });

  it("applies a range without a currency to each row in its own currency", async () => {
    // 1.234 KWD, 1000 JPY, 12.50 EUR, 50.00 USD, 0.99 USD, 100.00 USD, 100.01 USD, 0.07 USD.
    expect(idsOf(await search({ minAmount: "1", maxAmount: "50" }))).toEqual([ids.seven, ids.yesterday, ids.today]);
    expect(idsOf(await search({ minAmount: "1.2345" }))).toEqual([ids.thirtyOne, ids.thirty, ids.two, ids.yesterday, ids.today]);
    expect(idsOf(await search({ maxAmount: "0.99" }))).toEqual([ids.old, ids.eight]);
  });

  it("searches ids and reasons as literal text, % and _ included", async () => {
    expect(idsOf(await search({ text: "LED_SEVEN" }))).toEqual([ids.seven]);
    expect(idsOf(await search({ text: "_a_" }))).toEqual([ids.thirty]);
    expect(idsOf(await search({ text: "100%" }))).toEqual([ids.seven]);
    expect(idsOf(await search({ text: ids.old }))).toContain(ids.old);
    expect(idsOf(await search({ text: "txn_eight" }))).toEqual([ids.eight]);
  });

  it("sorts by age, amount (within currency), last seen and processor, either way, id breaking ties", async () => {
    expect(idsOf(await search({ sort: "age", direction: "asc" }))).toEqual([ids.today, ids.yesterday, ids.two, ids.seven, ids.eight, ids.thirty, ids.thirtyOne, ids.old]);
    expect(idsOf(await search({ sort: "amount", direction: "asc" }))).toEqual([ids.yesterday, ids.two, ids.seven, ids.old, ids.eight, ids.today, ids.thirty, ids.thirtyOne]);
    expect(idsOf(await search({ sort: "amount", direction: "desc" }))[0]).toBe(ids.thirtyOne);
    const lastSeen = idsOf(await search({ sort: "last-seen", direction: "desc" }));
    // yesterday and eight were both last seen on 11-29: the id breaks the tie, descending too.
    expect(lastSeen.slice(0, 3)).toEqual([ids.today, ids.eight, ids.yesterday]);
    const byProcessor = await search({ sort: "processor", direction: "asc" });
    expect(byProcessor.rows.map((row) => row.processor)).toEqual(["adyen", "paypal", "stripe", "stripe", "stripe", "stripe", "stripe", "stripe"]);
    const stripeIds = byProcessor.rows.filter((row) => row.processor === "stripe").map((row) => BigInt(row.id));
    expect(stripeIds).toEqual([...stripeIds].sort((a, b) => (a < b ? -1 : 1)));
  });
});

describe("paging", () => {
  it("pages 50 at a time with the total, never repeating or skipping a row", async () => {
    const pagingDb = await createTestDatabase({ name: "breaks_paging" });
    const pdb = createDb(pagingDb.url, { max: 2 });
    try {
      await pdb.pool.query(
        `INSERT INTO breaks (processor, break_key, kind, processor_external_id, currency, amount_at_risk_minor, reason,
                             first_seen_run_date, first_seen_run_id, last_seen_run_date)
         SELECT 'stripe', 'k' || n, 'missing_in_internal', 'p' || n, 'USD', n, 'r', DATE '2026-11-01' + (n % 3), gen_random_uuid(), DATE '2026-11-05'
           FROM generate_series(1, 120) AS n`,
      );
      const seen: string[] = [];
      for (const page of [1, 2, 3]) {
        const result = await searchBreaks(pdb, { asOf: AS_OF, page });
        expect(result.total).toBe(120);
        expect(result.pageSize).toBe(BREAKS_PAGE_SIZE);
        seen.push(...result.rows.map((row) => row.id));
      }
      expect(seen).toHaveLength(120);
      expect(new Set(seen).size).toBe(120);
      expect((await searchBreaks(pdb, { asOf: AS_OF, page: 4 })).rows).toEqual([]);
      const streamed: string[] = [];
      for await (const row of await streamBreaks(pdb, { asOf: AS_OF })) streamed.push(row.id);
      expect(streamed).toEqual(seen);
    } finally {
      await pdb.close();
      await pagingDb.drop();
    }
  });
});

describe("resolveBreaks", () => {
  const audit = async (ids: string[]) =>
    (
      await db.pool.query<{ entity_id: string; action: string; actor: string; details: unknown }>(
        "SELECT entity_id, action, actor, details FROM audit_logs WHERE entity_type = 'break' AND entity_id = ANY($1) ORDER BY seq",
        [ids],
      )
    ).rows;

  it("resolves every break or none, naming each offending id", async () => {
    const a = await insertBreak({ pid: "bulk_a", firstSeen: "2026-11-20" });
    const b = await insertBreak({ pid: "bulk_b", firstSeen: "2026-11-20" });
    const done = await insertBreak({ pid: "bulk_done", firstSeen: "2026-11-20" });
    await resolveBreak(db, { id: done, note: "earlier", actor: "test:x" });
    const refused = resolveBreaks(db, { ids: [b, a, done, "99999999"], note: "bulk", actor: "web:alice" });
    await expect(refused).rejects.toThrow(`break ${done} is already resolved; break 99999999 not found`);
    await expect(refused).rejects.toMatchObject({ ids: [done, "99999999"] });
    expect((await searchBreaks(db, { text: "bulk_", status: "open" })).total).toBe(2);
    expect(await audit([a, b])).toEqual([]);
    await expect(resolveBreaks(db, { ids: [a, b], note: "  ", actor: "web:alice" })).rejects.toThrow("a note is required");
    await expect(resolveBreaks(db, { ids: [], note: "x", actor: "web:alice" })).rejects.toThrow(BreakChangeError);
    await expect(resolveBreaks(db, { ids: ["1;", a], note: "x", actor: "web:alice" })).rejects.toThrow('break id "1;" is not a number');

    const resolved = await resolveBreaks(db, { ids: [b, a], note: "written off, JE-9", actor: "web:alice" });
    expect(resolved.map((row) => [row.id, row.status, row.resolution, row.resolvedBy, row.note])).toEqual([
      [a, "resolved", "manual", "web:alice", "written off, JE-9"],
      [b, "resolved", "manual", "web:alice", "written off, JE-9"],
    ]);
    expect(await audit([a, b])).toEqual([
      { entity_id: a, action: "break.resolved", actor: "web:alice", details: { note: "written off, JE-9", resolution: "manual" } },
      { entity_id: b, action: "break.resolved", actor: "web:alice", details: { note: "written off, JE-9", resolution: "manual" } },
    ]);
  });

  it("writes the same audit entry as resolving one break", async () => {
    const one = await insertBreak({ pid: "single_one", firstSeen: "2026-11-20" });
    const many = await insertBreak({ pid: "single_many", firstSeen: "2026-11-20" });
    await resolveBreak(db, { id: one, note: "same note", actor: "cli:bob" });
    await resolveBreaks(db, { ids: [many], note: "same note", actor: "cli:bob" });
    const [single, bulk] = await audit([one, many]);
    expect({ ...single, entity_id: "x" }).toEqual({ ...bulk, entity_id: "x" });
    const reopened = await reopenBreak(db, { id: one, note: "reversed", actor: "cli:bob" });
    expect(reopened).toMatchObject({ status: "open", resolution: null, resolvedBy: null, note: "reversed" });
    await expect(reopenBreak(db, { id: one, note: "again", actor: "cli:bob" })).rejects.toThrow(`break ${one} is already open`);
  });
});

describe("loadBreakDetail", () => {
  it("shows both records, the fields they differ on, and the break's history", async () => {
    await db.pool.query(
      `INSERT INTO processor_transactions (processor, external_id, related_ids, reference, merchant_id, gross_minor, fee_minor, net_minor,
                                           currency, status, raw_status, type, occurred_at, raw)
       VALUES ('stripe', 'txn_d', '{ch_d}', 'order-1', 'm_1', 1250, 30, 1220, 'USD', 'succeeded', 'available', 'payment',
               '2026-11-20T23:30:00Z', '{"id":"txn_d","amount":1250}')`,
    );
    await db.pool.query(
      `INSERT INTO internal_transactions (external_id, processor, processor_ref, reference, gross_minor, fee_minor, currency, status, occurred_at, raw)
       VALUES ('led_d', 'stripe', 'ch_d', 'order-2', 1200, NULL, 'USD', 'succeeded', '2026-11-21T00:10:00Z', '{"ledger":"led_d"}')`,
    );
    const id = await insertBreak({ pid: "txn_d", iid: "led_d", kind: "amount_mismatch", firstSeen: "2026-11-21", lastSeen: "2026-11-23", amount: 50n });
    await resolveBreak(db, { id, note: "checked <b>ok</b>", actor: "web:carol" });
    await reopenBreak(db, { id, note: "not ok", actor: "web:dave" });

    const detail = await loadBreakDetail(db, id, AS_OF);
    expect(detail).not.toBeNull();
    expect(detail!.break).toMatchObject({ id, kind: "amount_mismatch", firstSeenRunDate: "2026-11-21", lastSeenRunDate: "2026-11-23", ageDays: 9 });
    expect(detail!.break.firstSeenRunId).toMatch(/^[0-9a-f-]{36}$/);
    expect(detail!.processorRecord!.fields).toContainEqual({ name: "gross_minor", value: "1250" });
    expect(detail!.processorRecord!.fields).toContainEqual({ name: "related_ids", value: "ch_d" });
    expect(detail!.processorRecord!.fields.map((f) => f.name)).not.toContain("raw");
    expect(JSON.parse(detail!.processorRecord!.raw)).toEqual({ id: "txn_d", amount: 1250 });
    expect(detail!.internalRecord!.fields).toContainEqual({ name: "fee_minor", value: null });
    expect(JSON.parse(detail!.internalRecord!.raw)).toEqual({ ledger: "led_d" });
    // processor_ref names a related id: not a difference.
    expect(detail!.differences.map((d) => [d.field, d.processorValue, d.internalValue])).toEqual([
      ["gross amount", "12.50", "12.00"],
      ["fee", "0.30", null],
      ["occurred day", "2026-11-20", "2026-11-21"],
      ["reference", "order-1", "order-2"],
    ]);
    expect(detail!.history.map((h) => [h.action, h.actor, h.note, h.resolution])).toEqual([
      ["break.resolved", "web:carol", "checked <b>ok</b>", "manual"],
      ["break.reopened", "web:dave", "not ok", null],
    ]);
  });

  it("has one side only for a one-sided break, and nothing for an unknown or malformed id", async () => {
    const id = await insertBreak({ iid: "led_nowhere", kind: "missing_in_processor", firstSeen: "2026-11-21" });
    const detail = await loadBreakDetail(db, id, AS_OF);
    expect(detail!.processorRecord).toBeNull();
    expect(detail!.internalRecord).toBeNull();
    expect(detail!.differences).toEqual([]);
    expect(await loadBreakDetail(db, "99999999")).toBeNull();
    expect(await loadBreakDetail(db, "12abc")).toBeNull();
  });
});
