// The workbench's read models against a real database: filters, paging totals, exact amounts per
// currency, and figures never summed across currencies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../../testing/src";
import { appendAudit } from "../audit-log";
import { createDb, type Db } from "../client";
import { loadOverview } from "./overview";
import { loadRunAudit } from "./run-audit";
import {
  parseAmountRange,
  runDiscrepancyCurrencies,
  searchRunDiscrepancies,
  streamRunDiscrepancies,
} from "./run-discrepancies";
import { listAllRuns, listRunsPage, loadRunSummary } from "./runs-list";

let database: TestDatabase;
let db: Db;
let runId: string;
let failedRunId: string;

async function insertRun(processor: string, runDate: string, status: string, totals: object, counts: object): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, totals, counts, error_message)
     VALUES (gen_random_uuid(), $1::date, $2, $3, $4::jsonb, $5::jsonb, $6) RETURNING id`,
    [runDate, processor, status, JSON.stringify(totals), JSON.stringify(counts), status === "failed" ? "fetch timed out" : null],
  );
  return rows[0]!.id;
}

async function insertDiscrepancy(kind: string, currency: string, amount: bigint, pid: string, reason = "no ledger record"): Promise<void> {
  await db.pool.query(
    `INSERT INTO discrepancies (run_id, kind, processor_external_id, internal_external_id, currency, amount_at_risk_minor, reason)
     VALUES ($1, $2, $3, NULL, $4, $5, $6)`,
    [runId, kind, pid, currency, amount.toString(), reason],
  );
}

async function insertBreak(opts: { key: string; currency: string; amount: bigint; firstSeen: string; status?: string; resolvedAt?: string }) {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO breaks (processor, break_key, kind, processor_external_id, currency, amount_at_risk_minor, reason, status,
                         first_seen_run_date, first_seen_run_id, last_seen_run_date, resolved_at)
     VALUES ('stripe', $1, 'missing_in_internal', $1, $2, $3, 'r', $4, $5::date, $6, $5::date, $7) RETURNING id::text`,
    [opts.key, opts.currency, opts.amount.toString(), opts.status ?? "open", opts.firstSeen, runId, opts.resolvedAt ?? null],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  database = await createTestDatabase({ name: "workbench_read" });
  db = createDb(database.url, { max: 4 });
  runId = await insertRun(
    "stripe",
    "2025-10-09",
    "completed",
    { USD: { atRiskMinor: "1250", missingMinor: "1250", volumeMinor: "9999", feesAtRiskMinor: "0" }, JPY: { atRiskMinor: "500" } },
    { missing_in_internal: 4, amount_mismatch: 1 },
  );
  failedRunId = await insertRun("paypal", "2025-10-08", "failed", {}, {});
  await insertRun("square", "2025-08-01", "completed", {}, {});
  await insertDiscrepancy("missing_in_internal", "USD", 1250n, "txn_a");
  await insertDiscrepancy("missing_in_internal", "USD", 1200n, "txn_b");
  await insertDiscrepancy("missing_in_internal", "JPY", 1250n, "txn_c");
  await insertDiscrepancy("missing_in_internal", "JPY", 12n, "txn_d", "order 100%_done");
  await insertDiscrepancy("amount_mismatch", "KWD", 12500n, "txn_e", "amount differs");
  await appendAudit(db.pool, { action: "run.started", entityType: "reconciliation_run", entityId: runId, actor: "cli:alice" });
  await appendAudit(db.pool, { action: "run.completed", entityType: "reconciliation_run", entityId: runId });
  await appendAudit(db.pool, { action: "run.started", entityType: "reconciliation_run", entityId: failedRunId });
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

describe("run discrepancies", () => {
  it("filters by kind and currency, with the total of all matches", async () => {
    const page = await searchRunDiscrepancies(db, runId, { kind: "missing_in_internal", currency: "JPY" }, 1);
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.processorExternalId)).toEqual(["txn_c", "txn_d"]);
  });

  it("pages biggest amount first with a stable order and a total", async () => {
    const first = await searchRunDiscrepancies(db, runId, {}, 1, 2);
    const second = await searchRunDiscrepancies(db, runId, {}, 2, 2);
    const third = await searchRunDiscrepancies(db, runId, {}, 3, 2);
    expect(first.total).toBe(5);
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.processorExternalId)).toEqual(["txn_e", "txn_a", "txn_c", "txn_b", "txn_d"]);
    expect(third.rows).toHaveLength(1);
  });

  it("reads an amount range in each row's own currency, exactly", async () => {
    const bounds = parseAmountRange("12.5", "12.50", { currencies: ["USD", "KWD"] });
    expect(bounds).toEqual([
      { currency: "USD", minMinor: 1250n, maxMinor: 1250n },
      { currency: "KWD", minMinor: 12500n, maxMinor: 12500n },
    ]);
    const page = await searchRunDiscrepancies(db, runId, { amount: bounds }, 1);
    // 12.50 USD is 1250 cents and 12.500 KWD is 12500 fils; the JPY row of 1250 yen is not 12.50 of anything.
    expect(page.rows.map((r) => r.processorExternalId).sort()).toEqual(["txn_a", "txn_e"]);
    const yen = await searchRunDiscrepancies(db, runId, { amount: parseAmountRange("12", "", { currency: "JPY" }) }, 1);
    expect(yen.rows.map((r) => r.processorExternalId).sort()).toEqual(["txn_c", "txn_d"]);
  });

  it("refuses a bound a chosen currency cannot hold, and across currencies rounds it inwards in each (the same rows)", async () => {
    expect(() => parseAmountRange("12.5", undefined, { currency: "JPY" })).toThrow(/minimum amount: amount "12.5" has more decimals than JPY allows \(0\)/);
    expect(() => parseAmountRange("1.001", undefined, { currency: "USD" })).toThrow(/more decimals than USD allows/);
    // At least 12.5 of anything: 12.50 USD, and 13 yen (no yen amount lies between 12 and 13).
    expect(parseAmountRange("12.5", "1250.5", { currencies: ["USD", "JPY"] })).toEqual([
      { currency: "USD", minMinor: 1250n, maxMinor: 125050n },
      { currency: "JPY", minMinor: 13n, maxMinor: 1250n },
    ]);
    const acrossCurrencies = await searchRunDiscrepancies(db, runId, { amount: parseAmountRange("1249.5", "1250.4", { currencies: ["JPY"] }) }, 1);
    expect(acrossCurrencies.rows.map((r) => r.processorExternalId)).toEqual(["txn_c"]);
    // Typed bounds are compared as typed: 1.2 to 1.4 is a range, though no whole yen lies in it.
    expect(parseAmountRange("1.2", "1.4", { currencies: ["JPY"] })).toEqual([{ currency: "JPY", minMinor: 2n, maxMinor: 1n }]);
    for (const scope of [{ currency: "USD" }, { currencies: ["USD", "JPY"] }]) {
      expect(() => parseAmountRange("abc", undefined, scope)).toThrow(/invalid amount "abc"/);
      expect(() => parseAmountRange("1e3", undefined, scope)).toThrow(/invalid amount/);
      expect(() => parseAmountRange("-1", undefined, scope)).toThrow(/negative/);
      expect(() => parseAmountRange("5", "4", scope)).toThrow(/above the maximum/);
      expect(parseAmountRange("", " ", scope)).toBeUndefined();
    }
  });

  it("searches ids and reasons as text, % and _ literal", async () => {
    expect((await searchRunDiscrepancies(db, runId, { text: "TXN_B" }, 1)).rows.map((r) => r.processorExternalId)).toEqual(["txn_b"]);
    expect((await searchRunDiscrepancies(db, runId, { text: "differs" }, 1)).rows.map((r) => r.processorExternalId)).toEqual(["txn_e"]);
    expect((await searchRunDiscrepancies(db, runId, { text: "100%_" }, 1)).rows.map((r) => r.processorExternalId)).toEqual(["txn_d"]);
    expect((await searchRunDiscrepancies(db, runId, { text: "%" }, 1)).total).toBe(1);
    expect((await searchRunDiscrepancies(db, runId, { text: "txn__" }, 1)).total).toBe(0);
    // The three fields are searched one by one: no match spans from one into the next.
    expect((await searchRunDiscrepancies(db, runId, { text: "txn_eamount" }, 1)).total).toBe(0);
    await expect(searchRunDiscrepancies(db, runId, { text: "txn_e\u001famount" }, 1)).rejects.toThrow(/control characters/);
  });

  it("refuses a page below 1", async () => {
    await expect(searchRunDiscrepancies(db, runId, {}, 0)).rejects.toThrow(/page must be a whole number from 1/);
  });

  it("streams every match in page order, and lists the run's currencies", async () => {
    const streamed: string[] = [];
    for await (const row of streamRunDiscrepancies(db, runId, { kind: "missing_in_internal" })) streamed.push(row.processorExternalId!);
    expect(streamed).toEqual(["txn_a", "txn_c", "txn_b", "txn_d"]);
    expect(await runDiscrepancyCurrencies(db, runId)).toEqual(["JPY", "KWD", "USD"]);
  });
});

describe("runs list and run summary", () => {
  it("filters by processor, status and dates, with paging totals", async () => {
    expect((await listRunsPage(db, {}, 1, 2)).total).toBe(3);
    expect((await listRunsPage(db, {}, 2, 2)).rows.map((r) => r.processor)).toEqual(["square"]);
    expect((await listRunsPage(db, { status: "failed" }, 1)).rows.map((r) => r.id)).toEqual([failedRunId]);
    expect((await listRunsPage(db, { processor: "stripe" }, 1)).rows.map((r) => r.id)).toEqual([runId]);
    expect((await listRunsPage(db, { from: "2025-10-01", to: "2025-10-08" }, 1)).rows.map((r) => r.id)).toEqual([failedRunId]);
    expect((await listAllRuns(db, { from: "2025-10-01" })).map((r) => r.processor)).toEqual(["stripe", "paypal"]);
  });

  it("keeps figures per currency, never summed", async () => {
    const run = await loadRunSummary(db, runId);
    expect(run?.atStake).toEqual([
      { currency: "JPY", minor: 500n },
      { currency: "USD", minor: 1250n },
    ]);
    expect(run?.figures.find((f) => f.currency === "USD")).toEqual({
      currency: "USD",
      volumeMinor: 9999n,
      missingMinor: 1250n,
      atRiskMinor: 1250n,
      feesAtRiskMinor: 0n,
    });
    expect(run?.discrepancies).toBe(5);
    expect(await loadRunSummary(db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("reads the run's audit trail in chain order, and only its own", async () => {
    const trail = await loadRunAudit(db, runId);
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ["run.started", "cli:alice"],
      ["run.completed", "system"],
    ]);
    expect(trail[0]!.seq < trail[1]!.seq).toBe(true);
  });
});

describe("overview", () => {
  it("lays out 30 days per processor, the open-breaks trend per currency, and what needs attention", async () => {
    await insertBreak({ key: "old", currency: "USD", amount: 100n, firstSeen: "2025-10-01" });
    await insertBreak({ key: "big", currency: "USD", amount: -900n, firstSeen: "2025-10-05" });
    const yen = await insertBreak({ key: "yen", currency: "JPY", amount: 5000n, firstSeen: "2025-10-05" });
    // Open from 10-03 to the end of 10-06, resolved during 10-07.
    await insertBreak({ key: "gone", currency: "USD", amount: 40n, firstSeen: "2025-10-03", status: "resolved", resolvedAt: "2025-10-07T10:00:00Z" });

    const overview = await loadOverview(db, { asOf: "2025-10-09" });
    expect(overview.from).toBe("2025-09-10");
    expect(overview.strips.map((s) => s.processor)).toEqual(["stripe", "paypal", "square", "adyen"]);
    const stripe = overview.strips[0]!;
    expect(stripe.days).toHaveLength(30);
    expect(stripe.days.at(-1)).toEqual({
      date: "2025-10-09",
      run: { id: runId, status: "completed", discrepancies: 5, sandbox: false, atStake: [{ currency: "JPY", minor: 500n }, { currency: "USD", minor: 1250n }] },
    });
    expect(stripe.days[0]!.run).toBeNull();

    const day = (date: string) => overview.trend.find((p) => p.date === date)!;
    expect(day("2025-09-30")).toEqual({ date: "2025-09-30", openBreaks: 0, atStake: [{ currency: "JPY", minor: 0n }, { currency: "USD", minor: 0n }] });
    expect(day("2025-10-03").openBreaks).toBe(2);
    expect(day("2025-10-06")).toEqual({ date: "2025-10-06", openBreaks: 4, atStake: [{ currency: "JPY", minor: 5000n }, { currency: "USD", minor: 1040n }] });
    expect(day("2025-10-07")).toEqual({ date: "2025-10-07", openBreaks: 3, atStake: [{ currency: "JPY", minor: 5000n }, { currency: "USD", minor: 1000n }] });

    expect(overview.failedRuns.map((r) => r.id)).toEqual([failedRunId]);
    expect(overview.oldestOpenBreaks.map((b) => b.firstSeenRunDate)).toEqual(["2025-10-01", "2025-10-05", "2025-10-05"]);
    // Largest within each currency: 5000 yen is not "bigger" than 9.00 USD.
    expect(overview.largestOpenBreaks.map((g) => [g.currency, g.breaks.map((b) => b.amountAtRiskMinor)])).toEqual([
      ["JPY", [5000n]],
      ["USD", [-900n, 100n]],
    ]);
    expect(overview.largestOpenBreaks[0]!.breaks[0]!.id).toBe(yen);
  });
});
