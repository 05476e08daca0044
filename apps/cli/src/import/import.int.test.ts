// `recon import` end to end: the real CLI process, real Postgres, the fixtures beside this file
// (written from each export's documented columns), then `recon run --no-fetch` over what is stored.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMinorUnits } from "@recon/domain";
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import type pg from "pg";
import { queryDatabase, runRecon } from "../testing/cli-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const FIXTURES = join(import.meta.dirname, "fixtures");

let database: TestDatabase;
let reportsDir: string;
let env: NodeJS.ProcessEnv;

const recon = (args: string[]) => runRecon(args, env, 120_000);

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  queryDatabase<T>(database.url, sql, params);

const importFile = (source: string, format: string, file: string, options: string[] = []) =>
  recon(["import", "--source", source, "--format", format, "--file", join(FIXTURES, file), ...options]);

const snapshot = () =>
  query<{ t: string }>(
    `SELECT (SELECT count(*) FROM processor_transactions)::text || '/' || (SELECT count(*) FROM internal_transactions)::text || '/' ||
            (SELECT count(*) FROM rejected_records)::text || '/' ||
            coalesce((SELECT max(updated_at)::text FROM processor_transactions), '') || '/' ||
            coalesce((SELECT max(updated_at)::text FROM internal_transactions), '') AS t`,
  );

beforeAll(async () => {
  database = await createTestDatabase({ name: "cli_import" });
  reportsDir = await mkdtemp(join(tmpdir(), "recon-import-"));
  env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: uniquePrefix("cli-import"), REPORTS_DIR: reportsDir, LOG_LEVEL: "warn" };
});

afterAll(async () => {
  await database?.drop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("recon import", () => {
  it("imports each format, quarantining bad rows with the reason, and a re-import changes nothing", async () => {
    // A US PayPal download of one day reads 10/09 either way: the locale settles it. Square's
    // export has no currency column and "$" is not one currency: --currency settles it.
    const files = [
      ["stripe", "itemized-balance-change", "stripe-itemized-balance-change.csv", [], "5 rows, 4 new, 0 updated, 0 unchanged, 1 quarantined"],
      ["paypal", "activity-download", "paypal-activity-download.csv", ["--locale", "en-US"], "4 rows, 3 new, 0 updated, 0 unchanged, 1 quarantined"],
      ["square", "transactions-export", "square-transactions-export.csv", ["--currency", "USD"], "3 rows, 2 new, 0 updated, 0 unchanged, 1 quarantined"],
      ["internal", "ledger-csv", "ledger.csv", [], "6 rows, 5 new, 0 updated, 0 unchanged, 1 quarantined"],
    ] as const;
    for (const [source, format, file, options, summary] of files) {
      const result = await importFile(source, format, file, [...options]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(summary);
    }
    const reasons = await query<{ source: string; external_id: string; reason: string }>("SELECT source, external_id, reason FROM rejected_records ORDER BY source");
    expect(reasons).toEqual([
      { source: "internal", external_id: "led_csv_0006", reason: expect.stringMatching(/^line 7: amount: /) as string },
      { source: "paypal", external_id: "3BD16424YC0731742", reason: 'line 5: Status: unknown PayPal status "Weird"' },
      { source: "square", external_id: "Pay1CSVsquare000000000000003", reason: expect.stringMatching(/^line 4: Net Total/) as string },
      { source: "stripe", external_id: "txn_1CSVbad0000000000000005", reason: expect.stringMatching(/^line 6: gross: .*more decimals than USD/) as string },
    ]);

    const before = await snapshot();
    for (const [source, format, file, options] of files) {
      const again = await importFile(source, format, file, [...options]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/ 0 new, 0 updated, \d+ unchanged, 1 quarantined/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("keeps JPY (no decimals) and KWD (three decimals) amounts exact, and converts PayPal's and Square's local times", async () => {
    const rows = await query<{ external_id: string; gross_minor: string; fee_minor: string; currency: string; occurred_at: Date }>(
      "SELECT external_id, gross_minor::text, fee_minor::text, currency, occurred_at FROM processor_transactions ORDER BY external_id",
    );
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    const jpy = byId.get("txn_1CSVjpy0000000000000002")!;
    expect([jpy.gross_minor, jpy.fee_minor, jpy.currency]).toEqual(["1500", "54", "JPY"]);
    expect(formatMinorUnits(BigInt(jpy.gross_minor), "JPY")).toBe("1500");
    const kwd = byId.get("txn_1CSVkwd0000000000000003")!;
    expect([kwd.gross_minor, kwd.fee_minor, kwd.currency]).toEqual(["12345", "370", "KWD"]);
    expect(formatMinorUnits(BigInt(kwd.gross_minor), "KWD")).toBe("12.345");
    const ledger = await query<{ external_id: string; gross_minor: string; currency: string }>(
      "SELECT external_id, gross_minor::text, currency FROM internal_transactions WHERE currency IN ('JPY', 'KWD') ORDER BY external_id",
    );
    expect(ledger).toEqual([
      { external_id: "led_csv_0002", gross_minor: "1500", currency: "JPY" },
      { external_id: "led_csv_0003", gross_minor: "12345", currency: "KWD" },
    ]);
    const paypal = byId.get("5TY05013RG002845M")!;
    expect([paypal.gross_minor, paypal.fee_minor]).toEqual(["123456", "4358"]);
    expect(paypal.occurred_at.toISOString()).toBe("2025-10-09T08:15:00.000Z"); // 01:15 PDT
    expect(byId.get("8MC585209K746392H")!.gross_minor).toBe("1500");
    expect(byId.get("Pay1CSVsquare000000000000001")!.occurred_at.toISOString()).toBe("2025-10-09T17:00:00.000Z"); // 10:00 PDT
    expect(byId.get("Pay1CSVsquare000000000000002")!.gross_minor).toBe("102500");
  });

  it("refuses a file with a missing or misnamed column before writing anything, naming the columns", async () => {
    const before = await snapshot();
    const result = await importFile("paypal", "activity-download", "paypal-activity-download-misnamed.csv");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"Net"');
    expect(result.stderr).toContain('"Transaction ID" (found "Transaction Id": names must match exactly)');
    expect(await snapshot()).toEqual(before);
    const unknown = await recon(["import", "--source", "paypal", "--format", "itemized-balance-change", "--file", join(FIXTURES, "ledger.csv")]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--format "itemized-balance-change" is not a paypal format: choose activity-download');
  });

  it("then `recon run --no-fetch` reconciles what the imports stored", async () => {
    const result = await recon(["run", "--processors", "stripe,paypal,square", "--date", "2025-10-09", "--no-fetch", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const { runs } = JSON.parse(result.stdout) as {
      runs: Array<{ processor: string; status: string; counts: Record<string, number>; rejected_count: number }>;
    };
    // Each quarantined row counts against its day's run: its own source's, plus the ledger's one.
    expect(Object.fromEntries(runs.map((r) => [r.processor, r.rejected_count]))).toEqual({ stripe: 2, paypal: 2, square: 2 });
    const counts = Object.fromEntries(runs.map((r) => [r.processor, Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n > 0))]));
    expect(runs.every((r) => r.status === "completed")).toBe(true);
    // Stripe: the refund has no ledger row. PayPal: the JPY payment and the refund have none.
    // Square: the second payment has none.
    expect(counts).toEqual({
      stripe: { missing_in_internal: 1 },
      paypal: { missing_in_internal: 2 },
      square: { missing_in_internal: 1 },
    });
  });

  it("reconciles an Adyen Settlement details report against a ledger CSV", async () => {
    // Adyen writes local times with the account's zone in its own column, and fees in four parts.
    const report = await importFile("adyen", "adyen-settlement-details", "adyen-settlement-details.csv");
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain("5 rows, 4 new, 0 updated, 0 unchanged, 1 quarantined");
    const ledger = await importFile("internal", "ledger-csv", "ledger-adyen.csv");
    expect(ledger.code, ledger.stderr).toBe(0);
    expect(ledger.stdout).toContain("4 rows, 4 new, 0 updated, 0 unchanged, 0 quarantined");
    const [quarantined] = await query<{ reason: string }>("SELECT reason FROM rejected_records WHERE source = 'adyen'");
    expect(quarantined?.reason).toMatch(/Gross Credit \(GC\): the gross is not the net plus the costs/);
    const [payment] = await query<{ gross_minor: string; fee_minor: string }>(
      "SELECT gross_minor::text, fee_minor::text FROM processor_transactions WHERE processor = 'adyen' AND external_id = '8815131751000001'",
    );
    expect(payment).toEqual({ gross_minor: "10000", fee_minor: "290" });

    const result = await recon(["run", "--processors", "adyen", "--date", "2025-10-09", "--no-fetch", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const [run] = (JSON.parse(result.stdout) as { runs: Array<{ status: string; counts: Record<string, number>; rejected_count: number }> }).runs;
    expect(run?.status).toBe("completed");
    // The JPY payment has no ledger row; the ledger books 26.00 for a 25.00 payment, and a
    // payment Adyen never settled; the refund matches its ledger row by Adyen's modification reference.
    expect(Object.fromEntries(Object.entries(run?.counts ?? {}).filter(([, n]) => n > 0))).toEqual({
      missing_in_internal: 1,
      amount_mismatch: 1,
      missing_in_processor: 1,
    });
    // Its own quarantined line, plus the ledger's one of that day (ledger.csv, imported above).
    expect(run?.rejected_count).toBe(2);
  });
});
