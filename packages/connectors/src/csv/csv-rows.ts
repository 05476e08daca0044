import type { Info } from "csv-parse";
import { checkColumns, CsvColumnsError } from "./check-columns";
import type { CsvFormat } from "./csv-format";
import type { CsvRow } from "./csv-row";

/** One data row of a file: its cells by header name, the line it ends on, and what it says beyond the header. */
export interface HeadedRow {
  row: CsvRow;
  line: number;
  /**
   * Why the row cannot be read as the header lays it out, or null: it has more cells than the
   * header has columns and some of them are not empty (a cell holding the field separator without
   * quotes, "1,016.00" written as 1,016.00, splits in two and shifts every cell after it).
   */
  misaligned: string | null;
}

/** The file has no header line at all (empty, or only blank lines): refused like a header without the columns. */
function emptyFileError(format: CsvFormat): CsvColumnsError {
  return new CsvColumnsError(
    `${format.title}: the file is empty: expected a header line with the columns ${format.required.map((c) => `"${c}"`).join(", ")}. Nothing was imported.`,
    [...format.required],
  );
}

/**
 * The rows of a file as csv-parse reads them (arrays of cells, `info` on), keyed by the header:
 * the first record is the header, checked against the format (a missing column refuses the
 * file, as does a file with no header at both). Both passes over a file read it through this, so
 * they see the same rows. Cells are own properties even under the name "__proto__".
 */
export async function* headedRows(
  records: AsyncIterable<{ record: string[]; info: Info }>,
  format: CsvFormat,
  delimiter: string,
  onHeader: (names: string[]) => void = () => undefined,
): AsyncGenerator<HeadedRow> {
  let header: string[] | undefined;
  // Plain assignment unless the header names "__proto__", which only defineProperty keeps as a cell.
  let plain = true;
  for await (const { record, info } of records) {
    if (header === undefined) {
      header = record.map((name) => name.trim());
      checkColumns(format, header);
      onHeader(header);
      plain = !header.includes("__proto__");
      continue;
    }
    const row: CsvRow = {};
    const cells = Math.min(header.length, record.length);
    for (let i = 0; i < cells; i++) {
      if (plain) row[header[i]!] = record[i]!;
      else Object.defineProperty(row, header[i]!, { value: record[i], enumerable: true, writable: true, configurable: true });
    }
    yield { row, line: info.lines, misaligned: misalignment(record, header.length, delimiter) };
  }
  if (header === undefined) throw emptyFileError(format);
}

function misalignment(record: readonly string[], columns: number, delimiter: string): string | null {
  // Cells past the header that are all empty (a trailing separator) shift nothing.
  if (record.length <= columns || record.slice(columns).every((cell) => cell.trim() === "")) return null;
  const shown = delimiter === "\t" ? "a tab" : `"${delimiter}"`;
  return (
    `${record.length} cells, but the header has ${columns} columns: a cell holding ${shown} must be quoted ` +
    `(a thousands separator, as in "1,016.00"), else it splits in two and shifts the cells after it; the row is not read`
  );
}
