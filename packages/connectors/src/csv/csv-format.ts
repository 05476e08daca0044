import type { InternalTransaction, ProcessorTransaction, Source } from "@recon/domain";
import type { CsvRow, RowReader } from "./csv-row";

/** A row read as a transaction of one side. */
export type CsvRecord = { side: "processor"; record: ProcessorTransaction } | { side: "internal"; record: InternalTransaction };

/**
 * A local timestamp written as three cells (PayPal's and Square's exports), or as two when `time`
 * names the same column as `date`: that cell then holds the day and the time of day separated by
 * a space, as Adyen's reports write "2012-07-26 19:58:55" next to a TimeZone cell.
 */
export interface LocalTimeColumns {
  date: string;
  time: string;
  zone: string;
}

/** The day and the time-of-day cells of a row, whether the format writes them in two cells or one. */
export function localTimeCells(row: CsvRow, columns: LocalTimeColumns): { date: string; time: string } {
  const date = row[columns.date] ?? "";
  if (columns.time !== columns.date) return { date, time: row[columns.time] ?? "" };
  const both = /^\s*(\S+)\s+(\S.*?)\s*$/.exec(date);
  // A cell without a space is left whole as the day, so the day reader names what is wrong with it.
  return both ? { date: both[1]!, time: both[2]! } : { date, time: "" };
}

/**
 * An import format: the columns it needs, which of them hold money, dates and the currency (so
 * the file's conventions can be decided from every cell before any row is stored), and how one
 * row becomes a transaction.
 */
export interface CsvFormat {
  source: Source;
  name: string;
  /** What the export is called where users download it. */
  title: string;
  /** Columns that must be present (exact header names). */
  required: readonly string[];
  /** Columns read when present. Any other column is kept in the raw payload, never refused. */
  optional: readonly string[];
  /** The record's own id: two rows under one id are either identical or both quarantined. */
  idColumn: string;
  /** Columns holding money, written in the file's conventions. */
  amountColumns: readonly string[];
  /** The column naming each row's currency; when the header lacks it, the file has one currency. */
  currencyColumn: string;
  /** Local timestamps in three cells, or null when the format writes ISO 8601 instants. */
  localTime: LocalTimeColumns | null;
  /** The row as a transaction; anything wrong throws an Error naming the column. */
  normalize(row: CsvRow, read: RowReader): CsvRecord;
  /** When the row happened (for the day a quarantined row counts against); throws when unreadable. */
  occurredAt(row: CsvRow, read: RowReader): Date;
}
