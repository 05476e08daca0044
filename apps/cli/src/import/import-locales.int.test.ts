// `recon import` of exports written in other locales, end to end: the real CLI process and real
// Postgres, over fixtures written from the processors' documented layouts (beside this file).
// Every amount and date must be stored exactly as the export means it; a file that cannot be
// read with certainty, or an option that is wrong, must change nothing.
import { join } from "node:path";
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon } from "../testing/cli-process";

const FIXTURES = join(import.meta.dirname, "fixtures");

let database: TestDatabase;
let env: NodeJS.ProcessEnv;

const importFile = (source: string, format: string, file: string, options: string[] = []) =>
  runRecon(["import", "--source", source, "--format", format, "--file", join(FIXTURES, file), ...options], env, 120_000);

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => queryDatabase<T>(database.url, sql, params);

/** Everything an import can change, as one comparable value. */
const snapshot = () =>
  query(
    `SELECT (SELECT json_agg(p ORDER BY p.external_id) FROM processor_transactions p) AS processor,
            (SELECT json_agg(i ORDER BY i.external_id) FROM internal_transactions i) AS internal,
            (SELECT json_agg(r ORDER BY r.id) FROM rejected_records r) AS rejected`,
  );

const stored = (processor: string) =>
  query<{ external_id: string; gross_minor: string; fee_minor: string; net_minor: string; currency: string; type: string; occurred_at: Date }>(
    "SELECT external_id, gross_minor::text, fee_minor::text, net_minor::text, currency, type, occurred_at FROM processor_transactions WHERE processor = $1 ORDER BY external_id",
    [processor],
  );

beforeAll(async () => {
  database = await createTestDatabase({ name: "cli_import_locales" });
  env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: uniquePrefix("cli-import-locales"), LOG_LEVEL: "warn" };
});

afterAll(async () => {
  await database?.drop();
});

describe("recon import of exports in other locales", () => {
  it("stores a Stripe report written with decimal_separator=\",\" to the cent", async () => {
    const result = await importFile("stripe", "itemized-balance-change", "stripe-itemized-balance-change-decimal-comma.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("5 rows, 5 new, 0 updated, 0 unchanged, 0 quarantined");
    expect(result.stdout).toContain('read as: decimal separator ","');
    expect((await stored("stripe")).map((r) => [r.external_id, r.gross_minor, r.fee_minor, r.net_minor, r.currency, r.type, r.occurred_at.toISOString()])).toEqual([
      ["txn_1EUcomma00000000000001", "123456", "1753", "121703", "EUR", "payment", "2025-10-09T07:45:12.000Z"],
      ["txn_1EUcomma00000000000002", "-10000", "0", "-10000", "EUR", "refund", "2025-10-09T14:02:40.000Z"],
      ["txn_1EUcomma00000000000003", "-200", "0", "-200", "EUR", "fee", "2025-10-09T23:59:59.000Z"],
      ["txn_1EUcomma00000000000004", "1500", "54", "1446", "JPY", "payment", "2025-10-09T10:30:00.000Z"],
      ["txn_1EUcomma00000000000005", "50", "26", "24", "EUR", "payment", "2025-10-09T11:00:00.000Z"],
    ]);
  });

  it("stores a European PayPal download (DD/MM/YYYY, 1.234,56, CEST) to the cent and the second", async () => {
    const result = await importFile("paypal", "activity-download", "paypal-activity-download-eu.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("4 rows, 4 new, 0 updated, 0 unchanged, 0 quarantined");
    expect(result.stdout).toContain('read as: decimal separator ",", dates DD/MM/YYYY');
    expect((await stored("paypal")).map((r) => [r.external_id, r.gross_minor, r.fee_minor, r.net_minor, r.currency, r.type, r.occurred_at.toISOString()])).toEqual([
      ["7EU10000000000001", "123456", "4343", "119113", "EUR", "payment", "2025-10-09T08:15:00.000Z"],
      ["7EU10000000000002", "-3000", "0", "-3000", "EUR", "refund", "2025-10-09T14:40:00.000Z"],
      ["7EU10000000000003", "1200", "77", "1123", "EUR", "payment", "2025-09-30T21:30:00.000Z"],
      ["7EU10000000000004", "-100000", "0", "-100000", "EUR", "payout", "2025-10-09T09:00:00.000Z"],
    ]);
  });

  it("takes a Square export's currency from its CA$ amounts and reads its MM/DD dates and zone names", async () => {
    const result = await importFile("square", "transactions-export", "square-transactions-export-ca.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("currency CAD");
    expect((await stored("square")).map((r) => [r.external_id, r.gross_minor, r.fee_minor, r.currency, r.occurred_at.toISOString()])).toEqual([
      ["PayCAsquare0000000000000001", "4520", "118", "CAD", "2025-10-09T13:05:00.000Z"],
      ["PayCAsquare0000000000000002", "137600", "4020", "CAD", "2025-10-13T22:30:00.000Z"],
    ]);
  });

  it("refuses a download whose dates read either way before writing anything, naming --date-order", async () => {
    const before = await snapshot();
    const result = await importFile("paypal", "activity-download", "paypal-activity-download-ambiguous.csv");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot tell the day and month order: line 2 Date "01/07/2025"');
    expect(result.stderr).toContain("pass --date-order mdy or dmy (or --locale)");
    expect(result.stderr).toContain("Nothing was imported.");
    expect(await snapshot()).toEqual(before);
    const told = await importFile("paypal", "activity-download", "paypal-activity-download-ambiguous.csv", ["--date-order", "dmy"]);
    expect(told.code, told.stderr).toBe(0);
    const uk = (await stored("paypal")).filter((r) => r.external_id.startsWith("8UK"));
    expect(uk.map((r) => [r.gross_minor, r.occurred_at.toISOString()])).toEqual([
      ["102000", "2025-07-01T08:12:00.000Z"],
      ["2500", "2025-07-02T16:45:00.000Z"],
    ]);
  });

  it("refuses --currency with an unknown code, quarantines a row in one, and never relabels what is stored", async () => {
    const before = await snapshot();
    const refused = await importFile("square", "transactions-export", "square-transactions-export-ca.csv", ["--currency", "ZZZ"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--currency: unknown currency code "ZZZ": not an ISO 4217 currency');
    const contradicted = await importFile("square", "transactions-export", "square-transactions-export-ca.csv", ["--currency", "USD"]);
    expect(contradicted.code).toBe(1);
    expect(contradicted.stderr).toContain("--currency USD does not fit the file");
    expect(await snapshot()).toEqual(before);

    const ledger = await importFile("internal", "ledger-csv", "ledger-repeated-id.csv");
    expect(ledger.code, ledger.stderr).toBe(0);
    const rows = await query<{ external_id: string; currency: string }>("SELECT external_id, currency FROM internal_transactions ORDER BY external_id");
    expect(rows).toEqual([{ external_id: "led_rep_0002", currency: "USD" }]);
    const rejected = await query<{ external_id: string; reason: string; run_date: Date | null }>(
      "SELECT external_id, reason, run_date FROM rejected_records WHERE source = 'internal' ORDER BY reason",
    );
    expect(rejected.map((r) => [r.external_id, r.reason, r.run_date?.toISOString().slice(0, 10)])).toEqual([
      ["led_rep_0001", 'line 2: id "led_rep_0001" is on lines 2 and 4 with different content (amount "100.00" vs "110.00"); none of them is stored', "2025-10-09"],
      ["led_rep_0001", 'line 4: id "led_rep_0001" is on lines 2 and 4 with different content (amount "100.00" vs "110.00"); none of them is stored', "2025-10-09"],
      ["led_rep_0003", 'line 5: currency: unknown currency code "ZZZ": not an ISO 4217 currency', "2025-10-09"],
    ]);
    // The summary says what happened to each of the five rows.
    expect(ledger.stdout).toContain("5 rows, 1 new, 0 updated, 0 unchanged, 3 quarantined");
    expect(ledger.stdout).toContain("1 row repeats an earlier row exactly (same id, same cells): stored once");
    expect(ledger.stdout).toContain("quarantined (3), by line:");
    expect(ledger.stdout).toContain('  line 5  led_rep_0003: currency: unknown currency code "ZZZ": not an ISO 4217 currency');
  });
});
