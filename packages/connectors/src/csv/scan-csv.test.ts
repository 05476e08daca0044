import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CsvColumnsError } from "./check-columns";
import { CsvConventionsError } from "./convention-evidence";
import { readConventionOptions, type CsvImportOptions } from "./conventions";
import type { CsvFormat } from "./csv-format";
import { ledgerCsv } from "./formats/ledger-csv";
import { paypalActivityDownload } from "./formats/paypal-activity-download";
import { squareTransactionsExport } from "./formats/square-transactions-export";
import { stripeItemizedBalanceChange } from "./formats/stripe-itemized-balance-change";
import { readCsvBatches, type CsvBatch } from "./read-csv";
import { CsvSyntaxError, scanCsv } from "./scan-csv";
import { CsvEncodingError } from "./utf8-check";

const STRIPE = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category";
const PAYPAL = "Date,Time,TimeZone,Type,Status,Currency,Gross,Fee,Net,Transaction ID";
const SQUARE = "Date,Time,Time Zone,Total Collected,Fees,Net Total,Transaction ID,Payment ID";
const LEDGER = "id,processor,processor_ref,reference,amount,currency,fee,status,occurred_at";

const FORMATS: readonly CsvFormat[] = [stripeItemizedBalanceChange, paypalActivityDownload, squareTransactionsExport, ledgerCsv];

/** `text` as one string, or as the byte chunks a file stream would hand over. */
async function importText(source: string, format: string, text: string | Buffer[], options: CsvImportOptions = {}) {
  const csv = FORMATS.find((f) => f.source === source && f.name === format);
  if (!csv) throw new Error(`no ${source} format ${format} in this test`);
  const open = () => Readable.from(typeof text === "string" ? [text] : text);
  const scan = await scanCsv(open, csv, readConventionOptions(options));
  const batches: CsvBatch[] = [];
  for await (const batch of readCsvBatches(open(), csv, scan, { batchSize: 2 })) batches.push(batch);
  return {
    scan,
    records: batches.flatMap((b) => [...b.processor, ...b.internal]),
    rejected: batches.flatMap((b) => b.rejected),
    identicalRepeats: batches.reduce((n, b) => n + b.identicalRepeats, 0),
  };
}

const refusal = async (source: string, format: string, text: string | Buffer[], options: CsvImportOptions = {}): Promise<Error> =>
  importText(source, format, text, options).then(
    () => new Error("not refused"),
    (error: unknown) => error as Error,
  );

describe("a file's conventions, decided from all of it before anything is read as a record", () => {
  it("reads a Stripe report written with decimal_separator=\",\"", async () => {
    const text = `${STRIPE}\ntxn_1,2025-10-09 08:15:00,eur,"1234,56","35,80","1198,76",charge\ntxn_2,2025-10-09 09:00:00,eur,"-25,00","0,00","-25,00",refund\n`;
    const { scan, records } = await importText("stripe", "itemized-balance-change", text);
    expect(scan.conventions.decimal).toBe(",");
    expect(records.map((r) => [r.grossMinor, r.feeMinor, r.currency])).toEqual([
      [123456n, 3580n, "EUR"],
      [-2500n, 0n, "EUR"],
    ]);
  });

  it("reads a European PayPal download (DD/MM/YYYY, 1.234,56, CEST) and a UK one (DD/MM/YYYY, 1,234.56, BST)", async () => {
    const eu = `${PAYPAL}\n"01/07/2025","10:15:00","CEST","Express Checkout Payment","Completed","EUR","1.234,56","-43,58","1.190,98","1AB"\n"13/07/2025","10:15:00","CEST","Payment Refund","Completed","EUR","-30,00","0,00","-30,00","2AB"\n`;
    const read = await importText("paypal", "activity-download", eu);
    expect([read.scan.conventions.decimal, read.scan.conventions.dateOrder]).toEqual([",", "dmy"]);
    expect(read.records.map((r) => [r.grossMinor, (r as { occurredAt: Date }).occurredAt.toISOString()])).toEqual([
      [123456n, "2025-07-01T08:15:00.000Z"],
      [-3000n, "2025-07-13T08:15:00.000Z"],
    ]);
    const uk = `${PAYPAL}\n"01/07/2025","10:15:00","BST","Express Checkout Payment","Completed","GBP","1,234.56","-43.58","1,190.98","3AB"\n"25/07/2025","10:15:00","BST","Express Checkout Payment","Completed","GBP","5.00","-0.40","4.60","4AB"\n`;
    const ukRead = await importText("paypal", "activity-download", uk);
    expect([ukRead.scan.conventions.decimal, ukRead.scan.conventions.dateOrder]).toEqual([".", "dmy"]);
    expect(ukRead.records.map((r) => [r.grossMinor, (r as { occurredAt: Date }).occurredAt.toISOString()])).toEqual([
      [123456n, "2025-07-01T09:15:00.000Z"],
      [500n, "2025-07-25T09:15:00.000Z"],
    ]);
  });

  it("refuses a file whose dates read either way, naming --date-order, and reads it once told", async () => {
    const text = `${PAYPAL}\n"01/07/2025","10:15:00","GMT","Express Checkout Payment","Completed","GBP","5.00","-0.40","4.60","5AB"\n"02/07/2025","10:15:00","GMT","Express Checkout Payment","Completed","GBP","6.00","-0.40","5.60","6AB"\n`;
    const error = await refusal("paypal", "activity-download", text);
    expect(error).toBeInstanceOf(CsvConventionsError);
    expect(error.message).toContain('cannot tell the day and month order: line 2 Date "01/07/2025"');
    expect(error.message).toContain("pass --date-order mdy or dmy (or --locale)");
    const told = await importText("paypal", "activity-download", text, { locale: "en-GB" });
    expect(told.records.map((r) => (r as { occurredAt: Date }).occurredAt.toISOString().slice(0, 10))).toEqual(["2025-07-01", "2025-07-02"]);
    const us = await importText("paypal", "activity-download", text, { dateOrder: "mdy" });
    expect(us.records.map((r) => (r as { occurredAt: Date }).occurredAt.toISOString().slice(0, 10))).toEqual(["2025-01-07", "2025-02-07"]);
  });

  it("refuses amounts that read either way, and files that mix or contradict the conventions", async () => {
    const either = `${LEDGER}\nled_1,stripe,ch_1,,"1,234",KWD,,succeeded,2025-10-09T08:00:00Z\n`;
    expect((await refusal("internal", "ledger-csv", either)).message).toContain('cannot tell the decimal separator: line 2 amount "1,234"');
    const mixed = `${LEDGER}\nled_1,stripe,ch_1,,"1,234.50",USD,,succeeded,2025-10-09T08:00:00Z\nled_2,stripe,ch_2,,"1.234,50",USD,,succeeded,2025-10-09T08:00:00Z\n`;
    expect((await refusal("internal", "ledger-csv", mixed)).message).toMatch(/writes its decimal separator two ways: line 2 amount "1,234.50" has "\." .*, line 3 amount "1.234,50" has ","/);
    const contradicted = `${LEDGER}\nled_1,stripe,ch_1,,"1,234.50",USD,,succeeded,2025-10-09T08:00:00Z\n`;
    expect((await refusal("internal", "ledger-csv", contradicted, { decimalSeparator: "," })).message).toContain(
      'the decimal separator you gave does not fit the file: line 2 amount "1,234.50" can only be read with "." as its decimal separator',
    );
    // A USD amount cannot have three decimals, so "1,234" in a USD row can only be 1234.
    const usd = await importText("internal", "ledger-csv", `${LEDGER}\nled_1,stripe,ch_1,,"1,234",USD,,succeeded,2025-10-09T08:00:00Z\n`);
    expect(usd.records.map((r) => r.grossMinor)).toEqual([123400n]);
  });

  it("takes the currency of an export without a currency column from its symbols, or refuses naming --currency", async () => {
    const row = (total: string, fees: string, net: string, id: string) => `2025-10-09,10:00:00,Eastern Time (US & Canada),${total},${fees},${net},Ord${id},Pay${id}\n`;
    const canadian = await importText("square", "transactions-export", `${SQUARE}\n${row("CA$50.00", "-CA$1.75", "CA$48.25", "1")}`);
    expect(canadian.records.map((r) => [r.currency, r.grossMinor])).toEqual([["CAD", 5000n]]);
    const dollars = `${SQUARE}\n${row("$50.00", "-$1.75", "$48.25", "2")}`;
    expect((await refusal("square", "transactions-export", dollars)).message).toContain(
      'the export has no currency column and line 2 Total Collected "$50.00" could be USD, CAD, AUD, NZD…; pass --currency',
    );
    expect((await importText("square", "transactions-export", dollars, { currency: "USD" })).records.map((r) => r.currency)).toEqual(["USD"]);
    expect((await refusal("square", "transactions-export", dollars, { currency: "EUR" })).message).toContain("--currency EUR does not fit the file");
    expect((await refusal("square", "transactions-export", `${SQUARE}\n${row("50.00", "-1.75", "48.25", "3")}`)).message).toContain(
      "carry no currency symbol; pass --currency",
    );
    expect((await refusal("internal", "ledger-csv", `${LEDGER}\n`, { currency: "USD" })).message).toContain("leave --currency out");
  });

  it("refuses zone names that name no single zone, unless --time-zone says which", async () => {
    const text = `${PAYPAL}\n"10/09/2025","10:15:00","IST","Express Checkout Payment","Completed","INR","500.00","-20.00","480.00","7AB"\n`;
    expect((await refusal("paypal", "activity-download", text, { dateOrder: "dmy" })).message).toContain(
      'line 2: time zone "IST" names no single zone this import knows; pass --time-zone',
    );
    const told = await importText("paypal", "activity-download", text, { dateOrder: "dmy", timeZone: "Asia/Kolkata" });
    expect(told.records.map((r) => (r as { occurredAt: Date }).occurredAt.toISOString())).toEqual(["2025-09-10T04:45:00.000Z"]);
  });

  it("reads fields separated by semicolons", async () => {
    const text = `${LEDGER.replaceAll(",", ";")}\nled_1;stripe;ch_1;ord_1;1234,56;EUR;35,80;succeeded;2025-10-09T08:00:00Z\n`;
    const { scan, records } = await importText("internal", "ledger-csv", text);
    expect([scan.conventions.delimiter, scan.conventions.decimal]).toEqual([";", ","]);
    expect(records.map((r) => [r.grossMinor, r.feeMinor])).toEqual([[123456n, 3580n]]);
  });

  it("refuses a missing column, and a syntax error half-way, before yielding any row", async () => {
    const missing = await refusal("internal", "ledger-csv", "id,processor,amount\nled_1,stripe,1.00\n");
    expect(missing).toBeInstanceOf(CsvColumnsError);
    expect((missing as CsvColumnsError).missing).toEqual(["processor_ref", "reference", "currency", "fee", "status", "occurred_at"]);
    const broken = `${LEDGER}\nled_1,stripe,ch_1,,1.00,USD,,succeeded,2025-10-09T08:00:00Z\nled_2,stripe,"ch_2"x,,1.00,USD,,succeeded,2025-10-09T08:00:00Z\n`;
    const error = await refusal("internal", "ledger-csv", broken);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error.message).toMatch(/line 3 is not well-formed CSV .*Nothing was imported\./);
  });
});

describe("one id on several rows of a file", () => {
  const files = [
    ["stripe", "itemized-balance-change", STRIPE, (id: string, gross: string) => `${id},2025-10-09 08:15:00,usd,${gross},0.00,${gross},charge`],
    ["paypal", "activity-download", PAYPAL, (id: string, gross: string) => `10/09/2025,01:15:00,PDT,Payment,Completed,USD,${gross},0.00,${gross},${id}`],
    ["square", "transactions-export", `${SQUARE},Currency`, (id: string, gross: string) => `2025-10-09,10:00:00,Pacific Time (US & Canada),${gross},0.00,${gross},Ord${id},${id},USD`],
    ["internal", "ledger-csv", LEDGER, (id: string, gross: string) => `${id},stripe,ch_${id},,${gross},USD,,succeeded,2025-10-09T08:00:00Z`],
  ] as const;

  it.each(files)("%s %s: differing rows are all quarantined naming their lines; identical ones are stored once", async (source, format, header, line) => {
    const text = [header, line("A1", "10.00"), line("B2", "7.00"), line("A1", "12.00"), line("B2", "7.00"), line("C3", "1.00"), ""].join("\n");
    const { records, rejected, identicalRepeats } = await importText(source, format, text, source === "paypal" ? { dateOrder: "mdy" } : {});
    expect(records.map((r) => [r.externalId, r.grossMinor])).toEqual([
      ["B2", 700n],
      ["C3", 100n],
    ]);
    expect(identicalRepeats).toBe(1);
    expect(rejected.map((r) => [r.externalId, r.line, r.day])).toEqual([
      ["A1", 2, "2025-10-09"],
      ["A1", 4, "2025-10-09"],
    ]);
    for (const r of rejected) expect(r.reason).toMatch(/^line [24]: .* "A1" is on lines 2 and 4 with different content \(.*"10\.00" vs "12\.00".*\); none of them is stored$/);
  });
});

describe("what a file must be before any row is read", () => {
  it("refuses an empty file, or one of blank lines only, naming the columns it should start with", async () => {
    for (const text of ["", "\n\n"]) {
      const error = await refusal("internal", "ledger-csv", text);
      expect(error).toBeInstanceOf(CsvColumnsError);
      expect(error.message).toContain('the file is empty: expected a header line with the columns "id", "processor", "processor_ref"');
      expect((error as CsvColumnsError).missing).toEqual(ledgerCsv.required);
    }
    // A header without rows is a day without activity: read, nothing stored.
    expect((await importText("internal", "ledger-csv", `${LEDGER}\n`)).records).toEqual([]);
  });

  it("keeps a column named __proto__ as a cell of its row, never as the row's prototype", async () => {
    const { records } = await importText("internal", "ledger-csv", `${LEDGER},__proto__\nled_1,stripe,ch_1,,1.00,USD,,succeeded,2025-10-09T08:00:00Z,x\n`);
    const raw = records[0]!.raw as object;
    expect(Object.getOwnPropertyDescriptor(raw, "__proto__")?.value).toBe("x");
    expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
  });

  it("refuses a file that is not UTF-8 (Latin-1), naming the line and byte", async () => {
    const latin1 = Buffer.from(`${LEDGER}\nled_1,stripe,ch_1,Caf\u00e9,1.00,EUR,,succeeded,2025-10-09T08:00:00Z\n`, "latin1");
    const error = await refusal("internal", "ledger-csv", [latin1]);
    expect(error).toBeInstanceOf(CsvEncodingError);
    const byte = latin1.indexOf(0xe9) + 1;
    expect(error.message).toContain(`the file is not UTF-8: line 2 (byte ${byte} of the file) has byte 0xE9`);
    expect(error.message).toContain("save it as UTF-8");
    // A file that ends half-way through a character is not UTF-8 either.
    const cut = Buffer.concat([Buffer.from(`${LEDGER}\n`), Buffer.from("é").subarray(0, 1)]);
    expect((await refusal("internal", "ledger-csv", [cut])).message).toContain("line 2 (byte");
  });

  it("reads UTF-8 whose characters are split across the stream's chunks", async () => {
    const bytes = Buffer.from(`${LEDGER}\nled_1,stripe,ch_1,Café ☕ 𝄞,1.00,EUR,,succeeded,2025-10-09T08:00:00Z\n`);
    const chunks = [...Array(bytes.length).keys()].map((at) => bytes.subarray(at, at + 1));
    const { records } = await importText("internal", "ledger-csv", chunks);
    expect(records.map((r) => (r as { reference: string | null }).reference)).toEqual(["Café ☕ 𝄞"]);
  });

  it("reads thousands separators exactly when the file's conventions make them unambiguous", async () => {
    const row = (id: string, amount: string, currency = "USD") => `${id},stripe,ch_${id},,${amount},${currency},,succeeded,2025-10-09T08:00:00Z`;
    // Quoted, in a file whose cells write the decimal point: 1016.00.
    const quoted = await importText("internal", "ledger-csv", [LEDGER, row("led_1", '"1,016.00"'), row("led_2", "25.00"), ""].join("\n"));
    expect([quoted.scan.conventions.decimal, ...quoted.records.map((r) => r.grossMinor)]).toEqual([".", 101600n, 2500n]);
    // With ";" between fields the "," needs no quotes.
    const semicolons = await importText("internal", "ledger-csv", `${LEDGER.replaceAll(",", ";")}\nled_3;stripe;ch_3;;1,016.00;USD;;succeeded;2025-10-09T08:00:00Z\n`);
    expect(semicolons.records.map((r) => r.grossMinor)).toEqual([101600n]);
    // Unquoted in a ","-separated file the cell splits in two: which cells belong together would
    // be a guess, so the row is quarantined saying so, and its cells decide nothing about the file.
    const split = await importText("internal", "ledger-csv", [LEDGER, row("led_4", "1,016.00"), row("led_5", '"1.234,50"', "EUR"), ""].join("\n"));
    expect(split.scan.conventions.decimal).toBe(",");
    expect(split.records.map((r) => r.grossMinor)).toEqual([123450n]);
    expect(split.rejected.map((r) => [r.externalId, r.day, r.reason])).toEqual([
      ["led_4", null, expect.stringMatching(/^line 2: 10 cells, but the header has 9 columns: a cell holding "," must be quoted \(a thousands separator, as in "1,016\.00"\)/) as string],
    ]);
    // A trailing separator (empty cells past the header) shifts nothing.
    expect((await importText("internal", "ledger-csv", [LEDGER, `${row("led_6", "7.00")},`, ""].join("\n"))).records.map((r) => r.grossMinor)).toEqual([700n]);
  });
});
