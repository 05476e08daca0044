import type { CsvFormat } from "@recon/connectors";
import { ledgerModule, processorModules } from "./registry";

/** Every import format, from the modules: each processor's exports, then the ledger's. */
export const CSV_FORMATS: readonly CsvFormat[] = [...processorModules.flatMap((module) => module.csvFormats), ...ledgerModule.csvFormats];

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
