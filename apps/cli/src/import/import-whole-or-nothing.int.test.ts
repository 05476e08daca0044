// `recon import` never leaves a file half imported: a file that breaks CSV syntax after 2,000 good
// rows (two write batches) is refused before anything is written, and a file whose bad line is
// well-formed CSV but unreadable is imported complete, with that line quarantined by number.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon } from "../testing/cli-process";

const HEADER = "id,processor,processor_ref,reference,amount,currency,fee,status,occurred_at";
const GOOD_ROWS = 2_000;

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;

/** A ledger export of 2,000 good rows, then `badLine`, then 10 more good rows. */
async function ledgerFile(name: string, badLine: string): Promise<string> {
  const row = (n: number) =>
    `led_atomic_${String(n).padStart(5, "0")},stripe,ch_atomic_${n},ord_${n},${n}.25,USD,0.30,succeeded,2025-10-09T08:${String(n % 60).padStart(2, "0")}:00Z`;
  const lines = [HEADER, ...Array.from({ length: GOOD_ROWS }, (_, i) => row(i + 1)), badLine, ...Array.from({ length: 10 }, (_, i) => row(GOOD_ROWS + 2 + i))];
  const file = join(dir, name);
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

/** Control characters other than tab and newline, as code points: what must never reach the terminal raw. */
const rawControls = (text: string) =>
  [...text].map((char) => char.codePointAt(0)!).filter((code) => (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f));

const storedCount = async () =>
  (await queryDatabase<{ n: number }>(database.url, "SELECT count(*)::int AS n FROM internal_transactions WHERE external_id LIKE 'led_atomic_%'"))[0]!.n;

beforeAll(async () => {
  database = await createTestDatabase({ name: "cli_import_whole" });
  env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: uniquePrefix("cli-import-whole"), LOG_LEVEL: "warn" };
  dir = await mkdtemp(join(tmpdir(), "recon-import-whole-"));
});

afterAll(async () => {
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("recon import: whole or nothing", () => {
  it("refuses a file with a CSV syntax error after 2,000 good rows and writes none of them", async () => {
    // An unterminated quote on line 2002 (the header is line 1).
    const file = await ledgerFile("syntax-error.csv", 'led_atomic_broken,stripe,ch_x,"ord_x,1.00,USD,0.00,succeeded,2025-10-09T09:00:00Z');
    const result = await runRecon(["import", "--source", "internal", "--format", "ledger-csv", "--file", file], env, 120_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the row starting on line 2002 (read to line 2012) is not well-formed CSV");
    expect(result.stderr).toContain("Nothing was imported.");
    expect(await storedCount()).toBe(0);
  });

  it("imports every readable row of a file whose bad line is well-formed but unreadable, quarantining that line by number", async () => {
    const file = await ledgerFile("bad-amount.csv", "led_atomic_badamount,stripe,ch_bad,ord_bad,12.3.4,USD,0.30,succeeded,2025-10-09T09:00:00Z");
    const result = await runRecon(["import", "--source", "internal", "--format", "ledger-csv", "--file", file], env, 120_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${GOOD_ROWS + 11} rows, ${GOOD_ROWS + 10} new, 0 updated, 0 unchanged, 1 quarantined`);
    expect(result.stdout).toContain("line 2002  led_atomic_badamount: amount: ");
    expect(await storedCount()).toBe(GOOD_ROWS + 10);
    const rejected = await queryDatabase<{ external_id: string; reason: string }>(
      database.url,
      "SELECT external_id, reason FROM rejected_records WHERE source = 'internal' AND external_id LIKE 'led_atomic_%'",
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatch(/^line 2002: /);
  });

  it("never echoes a file's control characters to the terminal: a bad header and a quarantined id are shown escaped", async () => {
    const good = "led_plain_1,stripe,ch_p1,ord_p1,1.00,USD,0.00,succeeded,2025-10-09T09:00:00Z";
    const header = join(dir, "hostile-header.csv");
    await writeFile(header, `${HEADER.replace(",amount,", ",\u001b[31mamount\u0007,")}\n${good}\n`);
    const refused = await runRecon(["import", "--source", "internal", "--format", "ledger-csv", "--file", header], env, 120_000);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the header lacks column "amount"');
    expect(refused.stderr).toContain('"\\x1b[31mamount\\x07"');
    expect(rawControls(refused.stderr)).toEqual([]);

    const id = join(dir, "hostile-id.csv");
    await writeFile(id, `${HEADER}\n${good}\nled_\u001b]0;owned\u0007,stripe,ch_bad,ord_bad,12.3.4,USD,0.30,succeeded,2025-10-09T09:00:00Z\n`);
    const imported = await runRecon(["import", "--source", "internal", "--format", "ledger-csv", "--file", id], env, 120_000);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("line 3  led_\\x1b]0;owned\\x07: ");
    expect(rawControls(imported.stdout)).toEqual([]);
  });
});
