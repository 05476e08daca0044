import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { isIsoCurrency } from "@recon/domain";
import { parse, type Info } from "csv-parse";
import { detectDelimiter } from "./check-columns";
import { ConventionEvidence } from "./convention-evidence";
import type { ConventionOptions, CsvConventions } from "./conventions";
import { localTimeCells, type CsvFormat } from "./csv-format";
import { headedRows } from "./csv-rows";
import { Utf8Check } from "./utf8-check";

/** What the first pass over a file found: its conventions and the ids it repeats. */
export interface CsvScan {
  conventions: CsvConventions;
  /** Data rows in the file. */
  rows: number;
  /** Ids on more than one row, each with every line it is on. */
  repeatedIds: ReadonlyMap<string, readonly number[]>;
  /** SHA-256 of the file's bytes. */
  sha256: string;
}

/** The file is not well-formed CSV: refused, with the line, before anything is stored. */
export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
}

/** The csv-parse options both passes share, so they read the same records (headedRows keys them by the header). */
export function csvParseOptions(delimiter: string) {
  return {
    bom: true,
    delimiter,
    skip_empty_lines: true,
    // A short or long row is kept (a short one quarantined naming the empty column, a long one
    // naming its cells: headedRows), never fatal for the file.
    relax_column_count: true,
    info: true,
  } as const;
}

/** The file's first line (at most 64 KiB of it), for the delimiter. */
async function headerLine(stream: Readable): Promise<string> {
  let head = "";
  for await (const chunk of stream) {
    head += (chunk as Buffer).toString("utf8");
    if (head.includes("\n") || head.length > 65_536) break;
  }
  stream.destroy();
  return head.split(/\r?\n/, 1)[0] ?? "";
}

/**
 * The first pass over a file, before anything is stored: checks the bytes are UTF-8 (Utf8Check)
 * and the header (an empty file, or missing columns, refuse the file), reads every row through csv-parse (a syntax error refuses the file, naming
 * its line), gathers what every money, date and zone cell says about the file's conventions
 * and settles them (or refuses the file, naming the option that would settle it), notes every
 * id that is on more than one row, and hashes the bytes. Memory grows with the number of
 * distinct ids only (the rows are not kept).
 */
export async function scanCsv(open: () => Readable, format: CsvFormat, options: ConventionOptions): Promise<CsvScan> {
  const delimiter = detectDelimiter(await headerLine(open()), format);
  const input = open();
  const hash = createHash("sha256");
  const utf8 = new Utf8Check(format.title);
  let header: string[] = [];
  // The last line of the last well-formed row, as the parser reads it (ahead of this loop): a
  // syntax error (an unclosed quote above all, which csv-parse reports at the end of the file) is
  // in the row that starts right after it.
  let lastGoodLine = 1;
  const parser = parse({
    ...csvParseOptions(delimiter),
    on_record: (record: string[], context: { lines: number }) => {
      lastGoodLine = context.lines;
      return record;
    },
  });
  // Checked before the parser sees the bytes: a file in another encoding is refused, never read with replacement characters.
  input.on("data", (chunk: Buffer | string) => {
    // A stream of strings (tests) was decoded already: its bytes are the UTF-8 of its text.
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    try {
      utf8.push(bytes);
    } catch (error) {
      parser.destroy(error as Error);
      input.destroy();
    }
  });
  input.on("end", () => {
    try {
      utf8.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  });
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);

  const evidence = new ConventionEvidence();
  const firstLine = new Map<string, number>();
  const repeatedIds = new Map<string, number[]>();
  let rows = 0;
  try {
    const records = parser as AsyncIterable<{ record: string[]; info: Info }>;
    for await (const { row: record, line, misaligned } of headedRows(records, format, delimiter, (names) => (header = names))) {
      rows += 1;
      // Its cells are not where the header says: they tell nothing about the file, and the row is quarantined as it is.
      if (misaligned !== null) continue;
      const currencyCell = record[format.currencyColumn]?.trim() ?? "";
      const rowCurrency = isIsoCurrency(currencyCell) ? currencyCell.toUpperCase() : null;
      for (const column of format.amountColumns) {
        const cell = record[column];
        if (cell !== undefined) evidence.amount(line, column, cell, rowCurrency);
      }
      if (format.localTime) {
        evidence.date(line, format.localTime.date, localTimeCells(record, format.localTime).date);
        evidence.zone(line, record[format.localTime.zone] ?? "");
      }
      const id = record[format.idColumn]?.trim();
      if (!id) continue;
      const seen = firstLine.get(id);
      if (seen === undefined) firstLine.set(id, line);
      else repeatedIds.set(id, [...(repeatedIds.get(id) ?? [seen]), line]);
    }
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    if (typeof (error as { code?: unknown }).code === "string" && (error as { code: string }).code.startsWith("CSV_")) {
      const start = lastGoodLine + 1;
      const where = typeof lines === "number" && lines > start ? `the row starting on line ${start} (read to line ${lines})` : `line ${start}`;
      throw new CsvSyntaxError(`${format.title}: ${where} is not well-formed CSV (${(error as Error).message}). Nothing was imported.`, { cause: error });
    }
    throw error;
  }
  const currencyColumn = format.required.includes(format.currencyColumn) ? "required" : header.includes(format.currencyColumn) ? "present" : "absent";
  return { conventions: evidence.decide(options, delimiter, currencyColumn), rows, repeatedIds, sha256: hash.digest("hex") };
}
