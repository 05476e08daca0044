import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import {
  readConventionOptions,
  readCsvBatches,
  scanCsv,
  type CsvConventions,
  type CsvImportOptions,
  type CsvRejection,
} from "@recon/connectors";
import { insertRejectedRecords, upsertInternalTransactions, upsertProcessorTransactions, type Db } from "@recon/db";
import { csvFormatFor } from "@recon/sources";

export interface ImportCsvInput extends CsvImportOptions {
  /** A processor, or internal. */
  source: string;
  /** A format of that source (see CSV_FORMATS). */
  format: string;
  file: string;
  /** Rows per set-based write, default 1000. */
  batchSize?: number;
  /** Called after each batch is written: bytes of the file read so far, its size, rows so far. */
  onProgress?: (progress: { bytesRead: number; totalBytes: number; rows: number }) => void;
}

/** A quarantined row as the summary lists it. */
interface QuarantinedRow {
  line: number;
  externalId: string | null;
  reason: string;
}

export interface ImportCsvResult {
  rows: number;
  inserted: number;
  updated: number;
  /** Rows already stored exactly so (a re-import is all unchanged). */
  unchanged: number;
  rejected: number;
  /** Rows that repeated an earlier row of the file exactly (same id, same cells), stored once. */
  identicalRepeats: number;
  /** The first quarantined rows, in file order (`rejected` counts them all). */
  quarantined: QuarantinedRow[];
  /** How the file was read: decided from its cells, or as the options said. */
  conventions: CsvConventions;
  sha256: string;
}

/** How many quarantined rows the result lists; the count covers every one. */
const QUARANTINE_LISTED = 20;

/**
 * Imports one processor export or ledger CSV in two streaming passes (the file is never held in
 * memory). The first pass checks the bytes are UTF-8, the header and the CSV syntax, decides
 * the file's conventions (decimal separator, day/month order, time zones, currency) from every
 * cell, and notes ids that are on several rows; a file it cannot read with certainty is refused before anything is
 * written. The second pass normalises and writes batch by batch through the same set-based
 * upserts the fetch jobs use, so re-importing a file changes nothing. Rejected rows go to
 * quarantine under a key derived from the file's content (replaced on re-import, never counted
 * twice), each counted against the day it belongs to.
 */
export async function importCsvFile(db: Db, input: ImportCsvInput): Promise<ImportCsvResult> {
  const format = csvFormatFor(input.source, input.format);
  const options = readConventionOptions(input);
  const before = await stat(input.file);
  const scan = await scanCsv(() => createReadStream(input.file), format, options);
  const sliceKey = `import:${format.source}:${format.name}:${scan.sha256}`;

  const stream = createReadStream(input.file);
  let bytesRead = 0;
  stream.on("data", (chunk) => (bytesRead += chunk.length));
  const result: ImportCsvResult = {
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    identicalRepeats: 0,
    quarantined: [],
    conventions: scan.conventions,
    sha256: scan.sha256,
  };
  let first = true;
  for await (const batch of readCsvBatches(stream, format, scan, { batchSize: input.batchSize })) {
    const written =
      batch.processor.length > 0 ? await upsertProcessorTransactions(db, batch.processor) : await upsertInternalTransactions(db, batch.internal);
    for (const [runDate, rows] of byDay(batch.rejected)) {
      await insertRejectedRecords(db, rows, { sliceKey, replaceSlice: first, ...(runDate ? { runDate } : {}) });
      first = false;
    }
    const stored = batch.processor.length + batch.internal.length;
    result.rows = batch.rowsRead;
    result.inserted += written.inserted;
    result.updated += written.updated;
    result.unchanged += stored - written.inserted - written.updated;
    result.rejected += batch.rejected.length;
    result.identicalRepeats += batch.identicalRepeats;
    for (const r of batch.rejected.slice(0, QUARANTINE_LISTED - result.quarantined.length)) {
      result.quarantined.push({ line: r.line, externalId: r.externalId, reason: r.reason });
    }
    input.onProgress?.({ bytesRead, totalBytes: before.size, rows: result.rows });
  }
  if (first) await insertRejectedRecords(db, [], { sliceKey, replaceSlice: true });
  const after = await stat(input.file);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new Error(`${input.file} changed while it was imported: import it again once it is complete (a re-import replaces what this one wrote)`);
  }
  return result;
}

/** Rejections by the day they count against (undefined when their date is unreadable); one group at least. */
function byDay(rejected: readonly CsvRejection[]): Map<string | undefined, CsvRejection[]> {
  const groups = new Map<string | undefined, CsvRejection[]>();
  for (const r of rejected) {
    const day = r.day ?? undefined;
    const group = groups.get(day);
    if (group) group.push(r);
    else groups.set(day, [r]);
  }
  if (groups.size === 0) groups.set(undefined, []);
  return groups;
}
