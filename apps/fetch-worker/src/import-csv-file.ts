import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { csvFormatFor, readCsvBatches } from "@recon/connectors";
import { insertRejectedRecords, upsertInternalTransactions, upsertProcessorTransactions, type Db } from "@recon/db";

export interface ImportCsvInput {
  /** stripe | paypal | square | internal. */
  source: string;
  /** A format of that source (see CSV_FORMATS). */
  format: string;
  file: string;
  /** Currency of exports without a currency column (Square); default USD. */
  currency?: string;
  /** Rows per set-based write, default 1000. */
  batchSize?: number;
  /** Called after each batch is written: bytes of the file read so far, its size, rows so far. */
  onProgress?: (progress: { bytesRead: number; totalBytes: number; rows: number }) => void;
}

export interface ImportCsvResult {
  rows: number;
  inserted: number;
  updated: number;
  /** Rows already stored exactly so (a re-import is all unchanged). */
  unchanged: number;
  rejected: number;
  sha256: string;
}

/**
 * Imports one processor export or ledger CSV, streaming: the file is hashed in one pass, then
 * parsed in a second, batch by batch, into the same set-based upserts the fetch jobs use, so
 * re-importing a file changes nothing. Rejected rows go to quarantine under a key derived from
 * the file's content, replaced on re-import so they are never counted twice. A header missing
 * a required column throws (CsvColumnsError) before anything is written.
 */
export async function importCsvFile(db: Db, input: ImportCsvInput): Promise<ImportCsvResult> {
  const format = csvFormatFor(input.source, input.format);
  const { size } = await stat(input.file);
  const hash = createHash("sha256");
  await pipeline(createReadStream(input.file), hash);
  const sha256 = hash.digest("hex");
  const sliceKey = `import:${format.source}:${format.name}:${sha256}`;

  const stream = createReadStream(input.file);
  let bytesRead = 0;
  stream.on("data", (chunk) => (bytesRead += chunk.length));
  const result: ImportCsvResult = { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, sha256 };
  let first = true;
  for await (const batch of readCsvBatches(stream, format, { currency: input.currency, batchSize: input.batchSize })) {
    const written =
      batch.processor.length > 0 ? await upsertProcessorTransactions(db, batch.processor) : await upsertInternalTransactions(db, batch.internal);
    // Grouped by the row's day, so each rejection counts against that day's run.
    const byDay = new Map<string | undefined, typeof batch.rejected>();
    for (const rejected of batch.rejected) {
      const day = format.dayOf(rejected.raw as Record<string, string>) ?? undefined;
      byDay.set(day, [...(byDay.get(day) ?? []), rejected]);
    }
    if (byDay.size === 0) byDay.set(undefined, []);
    for (const [runDate, rows] of byDay) {
      await insertRejectedRecords(db, rows, { sliceKey, replaceSlice: first, ...(runDate ? { runDate } : {}) });
      first = false;
    }
    const stored = batch.processor.length + batch.internal.length;
    result.rows = batch.rowsRead;
    result.inserted += written.inserted;
    result.updated += written.updated;
    result.unchanged += stored - written.inserted - written.updated;
    result.rejected += batch.rejected.length;
    input.onProgress?.({ bytesRead, totalBytes: size, rows: result.rows });
  }
  if (first) await insertRejectedRecords(db, [], { sliceKey, replaceSlice: true });
  return result;
}
