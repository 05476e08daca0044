// `recon import` on inputs a newcomer gives it by mistake (an empty file, a directory, a file saved
// as Latin-1, an amount with an unquoted thousands separator), and the quarantined rows it names:
// the real CLI process on a real database.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, freeLoopbackPort, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon } from "../testing/cli-process";

const FIXTURES = join(import.meta.dirname, "fixtures");
const HEADER = "id,processor,processor_ref,reference,amount,currency,fee,status,occurred_at";

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;

const importLedger = (file: string, options: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) =>
  runRecon(["import", "--source", "internal", "--format", "ledger-csv", "--file", file, ...options], { ...env, ...extraEnv }, 120_000);

/** Rows stored and quarantined, all sources: what "nothing written" is checked against. */
const stored = async () =>
  (
    await queryDatabase<{ t: string }>(
      database.url,
      "SELECT (SELECT count(*) FROM internal_transactions)::text || '/' || (SELECT count(*) FROM rejected_records)::text AS t",
    )
  )[0]!.t;

beforeAll(async () => {
  database = await createTestDatabase({ name: "cli_import_inputs" });
  env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: uniquePrefix("cli-import-inputs"), LOG_LEVEL: "warn" };
  dir = await mkdtemp(join(tmpdir(), "recon-import-inputs-"));
});

afterAll(async () => {
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("recon import refuses what it cannot read, writing nothing", () => {
  it("an empty file, naming the columns it should start with", async () => {
    const before = await stored();
    const empty = join(dir, "empty.csv");
    await writeFile(empty, "");
    const result = await importLedger(empty);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the file is empty: expected a header line with the columns "id", "processor", "processor_ref", "reference", "amount"');
    expect(result.stdout).toBe("");
    expect(await stored()).toBe(before);
  });

  it("a directory, with a clear message and before touching the database", async () => {
    // Postgres is down for this one: the message comes before any connection.
    const down = `postgresql://root@127.0.0.1:${await freeLoopbackPort()}/recon`;
    const result = await importLedger(dir, [], { DATABASE_URL: down });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`recon: --file "${dir}" is a directory; give a CSV file`);
  });

  it("a file saved as Latin-1, naming the line and byte and how to fix it", async () => {
    const before = await stored();
    const result = await importLedger(join(FIXTURES, "ledger-latin1.csv"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the file is not UTF-8: line 2 \(byte \d+ of the file\) has byte 0xE9, as a file saved as Latin-1/);
    expect(result.stderr).toContain("save it as UTF-8");
    expect(await stored()).toBe(before);
  });
});

describe("recon import reads thousands separators when the file makes them unambiguous", () => {
  it('stores a quoted "1,016.00" as 1016.00 and quarantines an unquoted one, saying why', async () => {
    const result = await importLedger(join(FIXTURES, "ledger-thousands.csv"));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("3 rows, 2 new, 0 updated, 0 unchanged, 1 quarantined");
    expect(result.stdout).toContain('line 3  led_th_0002: 10 cells, but the header has 9 columns: a cell holding "," must be quoted');
    const amounts = await queryDatabase<{ external_id: string; gross_minor: string }>(
      database.url,
      "SELECT external_id, gross_minor::text FROM internal_transactions WHERE external_id LIKE 'led_th_%' ORDER BY external_id",
    );
    expect(amounts).toEqual([
      { external_id: "led_th_0001", gross_minor: "101600" },
      { external_id: "led_th_0003", gross_minor: "2500" },
    ]);
  });
});

describe("recon import names its quarantined rows", () => {
  it("by line and reason, the first 20 and a count of the rest, and all of that in --json", async () => {
    const bad = Array.from({ length: 25 }, (_, i) => `led_q_${String(i + 1).padStart(2, "0")},stripe,ch_q${i},ord_q${i},12.3.4,USD,0.30,succeeded,2025-10-09T09:00:00Z`);
    const file = join(dir, "many-bad.csv");
    await writeFile(file, `${HEADER}\nled_q_ok,stripe,ch_ok,ord_ok,1.00,USD,0.00,succeeded,2025-10-09T09:00:00Z\n${bad.join("\n")}\n`);
    const text = await importLedger(file);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("quarantined (25), by line:");
    expect(text.stdout).toMatch(/^ {2}line 3 {2}led_q_01: amount: /m);
    expect(text.stdout).toMatch(/^ {2}line 22 {2}led_q_20: amount: /m);
    expect(text.stdout).not.toContain("led_q_21");
    expect(text.stdout).toContain("… and 5 more");

    const json = await importLedger(file, ["--json"]);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as {
      rows: number;
      quarantined: number;
      quarantinedRows: Array<{ line: number; externalId: string; reason: string }>;
      quarantinedNotListed: number;
      readAs: { decimalSeparator: string };
    };
    expect([result.rows, result.quarantined, result.quarantinedRows.length, result.quarantinedNotListed]).toEqual([26, 25, 20, 5]);
    expect(result.quarantinedRows[0]).toEqual({ line: 3, externalId: "led_q_01", reason: expect.stringMatching(/^amount: /) as string });
    expect(result.readAs.decimalSeparator).toBe(".");
  });
});
