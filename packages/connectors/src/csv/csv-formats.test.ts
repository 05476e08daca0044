import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { csvAmount, csvFormatFor } from "./csv-formats";
import { localToInstant } from "./csv-time";
import { CsvColumnsError, readCsvBatches } from "./read-csv";

describe("csv amounts", () => {
  it("converts exactly per currency exponent, with separators, symbols and accounting negatives", () => {
    expect(csvAmount("1,234.56", "USD", "Gross")).toBe(123456n);
    expect(csvAmount("-$1.75", "USD", "Fees")).toBe(-175n);
    expect(csvAmount("($20.00)", "USD", "Net")).toBe(-2000n);
    expect(csvAmount("¥1,500", "JPY", "Gross")).toBe(1500n);
    expect(csvAmount("12.345", "KWD", "gross")).toBe(12345n);
    expect(() => csvAmount("12.345", "USD", "gross")).toThrow(/^gross: .*more decimals than USD/);
    expect(() => csvAmount("15.5", "JPY", "Gross")).toThrow(/^Gross: .*more decimals than JPY/);
    expect(() => csvAmount("", "USD", "Fee")).toThrow("Fee: empty");
    expect(() => csvAmount("1.2.3", "USD", "Net")).toThrow(/^Net: invalid amount "1.2.3"/);
  });
});

describe("csv local times", () => {
  it("converts abbreviations, offsets, IANA and Square's zone names to UTC", () => {
    expect(localToInstant("10/09/2025", "01:15:00", "PDT").toISOString()).toBe("2025-10-09T08:15:00.000Z");
    expect(localToInstant("2025-10-09", "10:00:00", "Pacific Time (US & Canada)").toISOString()).toBe("2025-10-09T17:00:00.000Z");
    expect(localToInstant("2025-01-09", "10:00:00", "America/Los_Angeles").toISOString()).toBe("2025-01-09T18:00:00.000Z");
    expect(localToInstant("2025-10-09", "10:00", "+05:30").toISOString()).toBe("2025-10-09T04:30:00.000Z");
    expect(() => localToInstant("2025-02-30", "10:00:00", "UTC")).toThrow(/no such calendar day/);
    expect(() => localToInstant("2025-10-09", "10:00:00", "Mars/Olympus")).toThrow(/time zone "Mars\/Olympus"/);
  });
});

describe("readCsvBatches", () => {
  it("refuses a header without the required columns before yielding any row", async () => {
    const format = csvFormatFor("internal", "ledger-csv");
    const input = Readable.from(["id,processor,amount\nled_1,stripe,1.00\n"]);
    const error = await (async () => {
      for await (const batch of readCsvBatches(input, format)) void batch;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvColumnsError);
    expect((error as CsvColumnsError).missing).toEqual(["processor_ref", "reference", "currency", "fee", "status", "occurred_at"]);
  });

  it("yields batches and quarantines a bad row with its reason", async () => {
    const format = csvFormatFor("internal", "ledger-csv");
    const header = "id,processor,processor_ref,reference,amount,currency,fee,status,occurred_at\n";
    const rows = Array.from({ length: 5 }, (_, i) => `led_${i},paypal,PP${i},ord_${i},${i}.50,USD,,succeeded,2025-10-09T0${i}:00:00Z\n`);
    rows.push("led_bad,paypal,PPX,ord_x,1.5,USD,,lost,2025-10-09T09:00:00Z\n");
    const batches = [];
    for await (const batch of readCsvBatches(Readable.from([header, ...rows]), format, { batchSize: 4 })) batches.push(batch);
    expect(batches.map((b) => b.internal.length + b.rejected.length)).toEqual([4, 2]);
    expect(batches.flatMap((b) => b.internal).map((r) => r.grossMinor)).toEqual([50n, 150n, 250n, 350n, 450n]);
    expect(batches[1]!.rejected[0]).toMatchObject({ source: "internal", externalId: "led_bad", reason: expect.stringMatching(/^status: /) });
    expect(batches[1]!.rowsRead).toBe(6);
  });
});
