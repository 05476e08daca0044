// COPY FROM STDIN writers for bulk loads (benchmarks, large backfills). Unlike the upserts they
// do not merge with existing rows: the target rows must not exist yet (a conflict aborts the
// whole COPY, nothing half-written).
import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import type { Db } from "./client";
import {
  copyLines,
  LEDGER_COPY_COLUMNS,
  ledgerCopyLine,
  PROCESSOR_COPY_COLUMNS,
  processorCopyLine,
} from "./copy-encoding";

async function copyRows<T>(
  db: Db,
  sql: string,
  rows: Iterable<T>,
  line: (row: T) => string,
): Promise<number> {
  const client = await db.pool.connect();
  try {
    return await copyLines(client, sql, rows, line);
  } finally {
    client.release();
  }
}

/** COPYs processor records into processor_transactions; returns the row count. */
export function copyProcessorTransactions(db: Db, rows: Iterable<ProcessorTransaction>): Promise<number> {
  return copyRows(
    db,
    `COPY processor_transactions (${PROCESSOR_COPY_COLUMNS}) FROM STDIN`,
    rows,
    processorCopyLine,
  );
}

/** COPYs ledger records into internal_transactions; returns the row count. */
export function copyInternalTransactions(db: Db, rows: Iterable<InternalTransaction>): Promise<number> {
  return copyRows(db, `COPY internal_transactions (${LEDGER_COPY_COLUMNS}) FROM STDIN`, rows, ledgerCopyLine);
}
