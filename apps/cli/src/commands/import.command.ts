import type { Command } from "commander";
import { createDbFromConfig, migrate } from "@recon/db";
import { importCsvFile } from "@recon/fetch-worker";
import { databaseEnv, parseEnv } from "@recon/runtime";
import { createImportProgress } from "../import/import-progress";
import { UsageError } from "../usage-error";

export interface ImportCommandOptions {
  source?: string;
  format?: string;
  file?: string;
  currency?: string;
}

/**
 * `recon import --source stripe|paypal|square|internal --format <name> --file <path>`: streams a
 * processor export or a ledger CSV into the same tables the fetch jobs fill. Idempotent; a
 * missing or misnamed column refuses the file before anything is written. Prints one summary line.
 */
export async function importCommand(options: ImportCommandOptions): Promise<number> {
  if (!options.source || !options.format || !options.file) {
    throw new UsageError("import needs --source, --format and --file (formats: docs/sources.md)");
  }
  const config = parseEnv(databaseEnv);
  await migrate(config.DATABASE_URL);
  const db = createDbFromConfig(config);
  const progress = createImportProgress();
  try {
    const result = await importCsvFile(db, {
      source: options.source,
      format: options.format,
      file: options.file,
      ...(options.currency ? { currency: options.currency } : {}),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    process.stdout.write(
      `imported ${options.file}: ${result.rows} rows, ${result.inserted} new, ${result.updated} updated, ` +
        `${result.unchanged} unchanged, ${result.rejected} quarantined\n`,
    );
    return 0;
  } catch (error) {
    progress.stop();
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UsageError(`--file "${options.file}": no such file`);
    throw error;
  } finally {
    await db.close();
  }
}

/** Adds `recon import` to the program. */
export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("import a processor export or a ledger CSV (streaming, idempotent)")
    .option("--source <source>", "stripe | paypal | square | internal")
    .option("--format <name>", "itemized-balance-change | activity-download | transactions-export | ledger-csv")
    .option("--file <path>", "the CSV file")
    .option("--currency <code>", "currency of exports without a currency column (Square), default USD")
    .action(async (options: ImportCommandOptions) => {
      process.exitCode = await importCommand(options);
    });
}
