/** One CSV row, keyed by header. */
export type CsvRow = Record<string, string>;

/** Reads the cells of a row with the file's decided conventions; every error names its column. */
export interface RowReader {
  /** The cell trimmed, or null when empty or absent. */
  cell(row: CsvRow, column: string): string | null;
  /** The row's currency: its currency cell, or the file's when the export has no such column. */
  currency(row: CsvRow): string;
  /** A money cell in minor units of `currency`, exactly. */
  amount(row: CsvRow, column: string, currency: string): bigint;
  /** The instant of the format's local date, time and zone cells. */
  localTime(row: CsvRow): Date;
}
