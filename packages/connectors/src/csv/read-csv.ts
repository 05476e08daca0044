import type { Readable } from "node:stream";
import type { InternalTransaction, ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import { parse } from "csv-parse";
import type { CsvFormat, CsvFormatOptions, CsvRow } from "./csv-formats";

/** A file whose header does not carry the format's columns: refused before any row is read. */
export class CsvColumnsError extends Error {
  override name = "CsvColumnsError";
  constructor(
    message: string,
    readonly missing: string[],
  ) {
    super(message);
  }
}

/** One batch of normalised rows, for one set-based write. */
export interface CsvBatch {
  processor: ProcessorTransaction[];
  internal: InternalTransaction[];
  rejected: RejectedRecordInput[];
  /** Data rows read so far, this batch included. */
  rowsRead: number;
}

export interface ReadCsvOptions extends CsvFormatOptions {
  /** Rows per batch, default 1000. */
  batchSize?: number;
}

const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");

/** Checks a header against the format, naming every missing column and any near-miss spelling. */
export function checkColumns(format: CsvFormat, header: readonly string[]): void {
  const present = new Set(header);
  const missing = format.required.filter((column) => !present.has(column));
  if (missing.length === 0) return;
  const hints = missing.map((column) => {
    const near = header.find((h) => squash(h) === squash(column));
    return near === undefined ? `"${column}"` : `"${column}" (found "${near}": names must match exactly)`;
  });
  throw new CsvColumnsError(
    `${format.title}: the header lacks ${missing.length === 1 ? "column" : "columns"} ${hints.join(", ")}; ` +
      `the header has: ${header.map((h) => `"${h}"`).join(", ") || "(nothing)"}. Nothing was imported.`,
    missing,
  );
}

/**
 * Streams a CSV export through csv-parse (never the whole file in memory): the header is checked
 * first (a missing or misnamed column throws CsvColumnsError before any row is yielded), then
 * rows are normalised by the format and yielded in batches; bad rows come back as rejections.
 */
export async function* readCsvBatches(input: Readable, format: CsvFormat, options: ReadCsvOptions = {}): AsyncGenerator<CsvBatch> {
  const batchSize = options.batchSize ?? 1_000;
  const parser = input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      // A short or long row is normalised (and quarantined, naming the empty column), never fatal.
      relax_column_count: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        checkColumns(format, names);
        return names;
      },
    }),
  );
  input.on("error", (error) => parser.destroy(error));
  let batch: CsvBatch = { processor: [], internal: [], rejected: [], rowsRead: 0 };
  let rowsRead = 0;
  for await (const row of parser as AsyncIterable<CsvRow>) {
    rowsRead += 1;
    const result = format.normalize(row, options);
    if (!result.ok) batch.rejected.push(result.rejected);
    else if (result.side === "processor") batch.processor.push(result.record);
    else batch.internal.push(result.record);
    if (batch.processor.length + batch.internal.length + batch.rejected.length >= batchSize) {
      yield { ...batch, rowsRead };
      batch = { processor: [], internal: [], rejected: [], rowsRead };
    }
  }
  if (batch.processor.length + batch.internal.length + batch.rejected.length > 0) yield { ...batch, rowsRead };
}
