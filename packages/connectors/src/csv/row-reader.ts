import { normalizeCurrency } from "@recon/domain";
import { parseAmount } from "./amount-text";
import type { CsvConventions } from "./conventions";
import type { CsvRow, RowReader } from "./csv-row";
import { localTimeCells, type CsvFormat } from "./csv-format";
import { localInstant, readClock, readDay } from "./local-time";

/** Prefixes an error with the column it came from. */
function inColumn<T>(column: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new Error(`${column}: ${(error as Error).message}`, { cause: error });
  }
}

export function createRowReader(format: CsvFormat, conventions: CsvConventions): RowReader {
  const cell = (row: CsvRow, column: string): string | null => {
    const value = row[column]?.trim();
    return value === undefined || value === "" ? null : value;
  };
  return {
    cell,
    currency(row) {
      const own = cell(row, format.currencyColumn);
      if (own === null) {
        // Without the column the scan settled one currency for the file; with it, an empty cell is a bad row.
        if (conventions.currency !== null && !(format.currencyColumn in row)) return conventions.currency;
        throw new Error(`${format.currencyColumn}: empty`);
      }
      const currency = inColumn(format.currencyColumn, () => normalizeCurrency(own));
      if (conventions.currency !== null && conventions.currency !== currency) {
        throw new Error(`${format.currencyColumn}: the row is in ${currency}, the file's --currency is ${conventions.currency}`);
      }
      return currency;
    },
    amount(row, column, currency) {
      return inColumn(column, () => {
        const value = cell(row, column);
        if (value === null) throw new Error("empty");
        return parseAmount(value, conventions.decimal, currency);
      });
    },
    localTime(row) {
      const columns = format.localTime;
      if (columns === null) throw new Error(`${format.title} has no local time columns`);
      const cells = localTimeCells(row, columns);
      const day = inColumn(columns.date, () => readDay(cells.date, conventions.dateOrder));
      const clock = inColumn(columns.time, () => readClock(cells.time));
      const zone = conventions.zones.get(row[columns.zone] ?? "");
      if (!zone) throw new Error(`${columns.zone}: "${row[columns.zone] ?? ""}" was not resolved`);
      return inColumn(columns.time, () => localInstant(day, clock, zone));
    },
  };
}
