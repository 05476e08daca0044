import type { CsvFormat } from "./csv-format";
import { ledgerCsv } from "./formats/ledger-csv";
import { paypalActivityDownload } from "./formats/paypal-activity-download";
import { squareTransactionsExport } from "./formats/square-transactions-export";
import { stripeItemizedBalanceChange } from "./formats/stripe-itemized-balance-change";

/** Every import format, by source. */
export const CSV_FORMATS: readonly CsvFormat[] = [stripeItemizedBalanceChange, paypalActivityDownload, squareTransactionsExport, ledgerCsv];

/** The format named, or an error naming the valid ones for the source. */
export function csvFormatFor(source: string, name: string): CsvFormat {
  const forSource = CSV_FORMATS.filter((f) => f.source === source);
  if (forSource.length === 0) {
    throw new Error(`--source "${source}": choose from ${[...new Set(CSV_FORMATS.map((f) => f.source))].join(", ")}`);
  }
  const format = forSource.find((f) => f.name === name);
  if (!format) throw new Error(`--format "${name}" is not a ${source} format: choose ${forSource.map((f) => f.name).join(", ")}`);
  return format;
}
