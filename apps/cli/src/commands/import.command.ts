import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { CsvOptionError, readConventionOptions } from "@recon/connectors";
import { importCsvFile } from "@recon/ingest";
import { databaseEnv, parseEnv, printable } from "@recon/runtime";
import { CSV_FORMATS, csvFormatFor } from "@recon/sources";
import { openCliDatabase } from "./open-database";
import { createImportProgress } from "../import/import-progress";
import { importJson, importSummary } from "../import/import-summary";
import { UsageError } from "../usage-error";

interface ImportCommandOptions {
  source?: string;
  format?: string;
  file?: string;
  currency?: string;
  decimalSeparator?: string;
  dateOrder?: string;
  locale?: string;
  timeZone?: string;
  json?: boolean;
}

/**
 * `recon import --source <processor>|internal --format <name> --file <path>`: streams a
 * processor export or a ledger CSV into the same tables the fetch jobs fill. Idempotent; a file
 * whose header, syntax or conventions cannot be read with certainty is refused before anything
 * is written. Prints the counts, how the file was read and the first quarantined rows.
 */
async function importCommand(options: ImportCommandOptions): Promise<number> {
  if (!options.source || !options.format || !options.file) {
    throw new UsageError("import needs --source, --format and --file (formats: docs/sources.md)");
  }
  const format = csvFormatFor(options.source, options.format);
  try {
    readConventionOptions(options); // checked again by the import; here so that a bad option touches nothing
  } catch (error) {
    if (error instanceof CsvOptionError) throw new UsageError(error.message);
    throw error;
  }
  await checkImportFile(options.file);
  const db = await openCliDatabase(parseEnv(databaseEnv), { migrate: true });
  const progress = createImportProgress();
  try {
    const result = await importCsvFile(db, {
      source: options.source,
      format: options.format,
      file: options.file,
      currency: options.currency,
      decimalSeparator: options.decimalSeparator,
      dateOrder: options.dateOrder,
      locale: options.locale,
      timeZone: options.timeZone,
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    process.stdout.write(options.json ? `${JSON.stringify(importJson(options.file, result))}\n` : importSummary(options.file, result, format.localTime !== null));
    return 0;
  } catch (error) {
    progress.stop();
    throw error;
  } finally {
    await db.close();
  }
}

/** --file must name a readable file: checked before the database is opened, so a typo touches nothing. */
async function checkImportFile(file: string): Promise<void> {
  const shown = printable(file);
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new UsageError(`--file "${shown}": no such file`);
    if (error.code === "EACCES") throw new UsageError(`--file "${shown}": permission denied`);
    throw error;
  });
  if (found.isDirectory()) throw new UsageError(`--file "${shown}" is a directory; give a CSV file`);
  if (!found.isFile()) throw new UsageError(`--file "${shown}" is not a regular file; give a CSV file`);
}

/** Adds `recon import` to the program. */
export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("import a processor export or a ledger CSV (streaming, idempotent)")
    .option("--source <source>", [...new Set(CSV_FORMATS.map((format) => format.source))].join(" | "))
    .option("--format <name>", [...new Set(CSV_FORMATS.map((format) => format.name))].join(" | "))
    .option("--file <path>", "the CSV file")
    .option("--currency <code>", "the account's currency, for exports without a currency column (Square) whose symbols do not name it")
    .option("--decimal-separator <char>", '"." or ","; default: decided from the file')
    .option("--date-order <order>", "ymd, mdy or dmy; default: decided from the file")
    .option("--locale <tag>", "BCP 47 locale of the export (en-GB, de-DE): its decimal separator and date order")
    .option("--time-zone <iana>", "IANA zone for zone cells that name no single zone (IST) or are empty")
    .option("--json", "print one JSON object: the counts, how the file was read, the first quarantined rows")
    .action(async (options: ImportCommandOptions) => {
      process.exitCode = await importCommand(options);
    });
}
