import type { Readable } from "node:stream";
import type { InternalTransaction, ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import { parse, type Info } from "csv-parse";
import type { CsvFormat, CsvRecord } from "./csv-format";
import type { CsvRow, RowReader } from "./csv-row";
import { createRowReader } from "./row-reader";
import { headedRows } from "./csv-rows";
import { csvParseOptions, type CsvScan } from "./scan-csv";

/** A quarantined row: the reason starts with its line; `day` is the UTC day it belongs to, when readable. */
export interface CsvRejection extends RejectedRecordInput {
  line: number;
  day: string | null;
}

/** One batch of normalised rows, for one set-based write. */
export interface CsvBatch {
  processor: ProcessorTransaction[];
  internal: InternalTransaction[];
  rejected: CsvRejection[];
  /** Data rows read so far, this batch included. */
  rowsRead: number;
  /** Rows in this batch that repeated an earlier row exactly (same id, same cells): stored once. */
  identicalRepeats: number;
}

export interface ReadCsvOptions {
  /** Rows per batch, default 1000. */
  batchSize?: number;
}

interface HeldRow {
  line: number;
  row: CsvRow;
}

/**
 * The second pass over a file whose scan settled its conventions: every row normalised by the
 * format with those conventions and yielded in batches; a bad row comes back as a rejection
 * naming its line and reason. Rows whose id the scan saw on several lines are held until the
 * last of them is read: identical ones are stored once, differing ones are all quarantined with
 * a reason naming every line and what differs. Never merged, never "last one wins".
 */
export async function* readCsvBatches(input: Readable, format: CsvFormat, scan: CsvScan, options: ReadCsvOptions = {}): AsyncGenerator<CsvBatch> {
  const batchSize = options.batchSize ?? 1_000;
  const read = createRowReader(format, scan.conventions);
  const parser = input.pipe(parse(csvParseOptions(scan.conventions.delimiter)));
  input.on("error", (error) => parser.destroy(error));
  const rows = headedRows(parser as AsyncIterable<{ record: string[]; info: Info }>, format, scan.conventions.delimiter);
  const held = new Map<string, HeldRow[]>();
  let batch: CsvBatch = emptyBatch(0);
  let rowsRead = 0;
  const add = (result: CsvRecord | CsvRejection): void => {
    if ("line" in result) batch.rejected.push(result);
    else if (result.side === "processor") batch.processor.push(result.record);
    else batch.internal.push(result.record);
  };
  for await (const { row: record, line, misaligned } of rows) {
    rowsRead += 1;
    const id = record[format.idColumn]?.trim() ?? "";
    // The scan left such a row out of its repeated ids, so it never waits for one.
    const lines = misaligned === null ? scan.repeatedIds.get(id) : undefined;
    if (misaligned !== null) {
      // Which cell holds its date would be a guess too: it counts against no day.
      add({ ...rejection(format, read, record, line, misaligned), day: null });
    } else if (lines === undefined) {
      add(normalizeRow(format, read, record, line));
    } else {
      const rows = [...(held.get(id) ?? []), { line, row: record }];
      held.set(id, rows);
      if (rows.length === lines.length) {
        held.delete(id);
        const outcome = resolveRepeats(format, read, id, rows);
        outcome.results.forEach(add);
        batch.identicalRepeats += outcome.identicalRepeats;
      }
    }
    if (batch.processor.length + batch.internal.length + batch.rejected.length >= batchSize) {
      yield { ...batch, rowsRead };
      batch = emptyBatch(rowsRead);
    }
  }
  if (held.size > 0) throw new Error(`${format.title}: the file changed since it was scanned (ids ${[...held.keys()].slice(0, 3).join(", ")} no longer repeat as they did)`);
  if (batch.processor.length + batch.internal.length + batch.rejected.length + batch.identicalRepeats > 0) yield { ...batch, rowsRead };
}

function emptyBatch(rowsRead: number): CsvBatch {
  return { processor: [], internal: [], rejected: [], rowsRead, identicalRepeats: 0 };
}

/** The UTC day a row happened, when its date can be read. */
function dayOf(format: CsvFormat, read: RowReader, row: CsvRow): string | null {
  try {
    return format.occurredAt(row, read).toISOString().slice(0, 10);
  } catch {
    return null;
  }
}

function rejection(format: CsvFormat, read: RowReader, row: CsvRow, line: number, reason: string): CsvRejection {
  return { source: format.source, externalId: read.cell(row, format.idColumn), reason: `line ${line}: ${reason}`, raw: row, line, day: dayOf(format, read, row) };
}

/** One row through the format; anything it throws becomes a quarantine row naming the line. */
function normalizeRow(format: CsvFormat, read: RowReader, row: CsvRow, line: number): CsvRecord | CsvRejection {
  try {
    return format.normalize(row, read);
  } catch (error) {
    return rejection(format, read, row, line, (error as Error).message);
  }
}

/** Every row under one repeated id, read in full: one record when they are identical, else all quarantined. */
function resolveRepeats(format: CsvFormat, read: RowReader, id: string, rows: HeldRow[]): { results: Array<CsvRecord | CsvRejection>; identicalRepeats: number } {
  const [first, ...others] = rows as [HeldRow, ...HeldRow[]];
  const columns = Object.keys(first.row);
  const differing = columns.filter((column) => others.some((other) => other.row[column] !== first.row[column]));
  const extra = others.some((other) => Object.keys(other.row).some((column) => !(column in first.row)));
  if (differing.length === 0 && !extra) return { results: [normalizeRow(format, read, first.row, first.line)], identicalRepeats: others.length };
  const lines = rows.map((r) => r.line);
  const listed = `${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
  const shown = differing
    .slice(0, 3)
    .map((column) => `${column} ${rows.map((r) => `"${r.row[column] ?? ""}"`).join(" vs ")}`)
    .join("; ");
  const reason = `${format.idColumn} "${id}" is on lines ${listed} with different content (${shown || "different columns"}); none of them is stored`;
  return { results: rows.map((r) => rejection(format, read, r.row, r.line, reason)), identicalRepeats: 0 };
}
