import { lastByKey } from "./chunk";
import type { Db } from "./client";
import { copyLines } from "./copy-encoding";
import { withTransaction } from "./transaction";
import type { UpsertResult } from "./upsert-result";

/** How one table is upserted through a staging table. */
export interface StagedUpsertSpec<T> {
  /** Name of the temporary staging table (created in pg_temp, dropped at commit or rollback). */
  stage: string;
  /** The table upserted into: the staging table takes its column types (no constraints, no indexes). */
  target: string;
  /** The staged columns of `target`, in the order `line` writes them. */
  columns: string;
  /** One row as a COPY text line, columns as in `columns`. */
  line: (row: T) => string;
  /** The row's conflict key as one string: rows sharing it are one record, the last one kept. */
  key: (row: T) => string;
  /**
   * `INSERT … SELECT … FROM pg_temp.<stage> ON CONFLICT … RETURNING (xmax = 0) AS inserted`:
   * xmax is 0 only on a freshly inserted tuple, and rows the conflict's WHERE skipped return nothing.
   */
  upsert: string;
  /**
   * Whether any of the given rows' conflict keys is stored already: a query returning one boolean
   * column `stored`, whose parameters are `keys(rows)` (the writers send the keys as JSON arrays).
   * Asked of the batch's first row only (see stagedUpsert).
   */
  anyStored: { sql: string; keys: (rows: readonly T[]) => unknown[] };
}

/** SQLSTATE unique_violation. */
const UNIQUE_VIOLATION = "23505";

/**
 * Upserts `rows`, all or nothing, counted; of rows sharing a conflict key the last is kept.
 *
 * Most batches are new records (a day fetched for the first time), and for those a plain COPY
 * into the table is the fastest write Postgres has, so the rows go straight in with one COPY
 * (one statement: all of it is written or none) unless the first one is stored already (a
 * re-fetched page: stored pages are stored whole). The unique index is the check for the rest:
 * when any key is stored, by an earlier fetch or by a concurrent writer, or two rows of the batch
 * share one, the COPY fails on it and writes nothing. Those rows are then COPYed into a temporary
 * table with no indexes and merged with one INSERT … SELECT … ON CONFLICT in one transaction,
 * keeping the last row of each key (ON CONFLICT may not touch a row twice). The staging table
 * lives in that session's pg_temp and only for that transaction, so concurrent writers never see
 * each other's rows; any other error rolls back everything.
 *
 * Why no more than that on the fresh path (2026-12-03, docs/benchmarks.md): probing every key
 * first cost a fifth of a fresh day's write, de-duplicating a million rows in JS a tenth, and the
 * transaction and savepoint around the COPY kept it below 0.9 of a bare COPY.
 */
export async function stagedUpsert<T>(
  db: Db,
  spec: StagedUpsertSpec<T>,
  rows: readonly T[],
): Promise<UpsertResult> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  if (await copyIfAllNew(db, spec, rows)) return { inserted: rows.length, updated: 0 };
  const unique = lastByKey(rows, spec.key);
  return withTransaction(db.pool, async (client) => {
    // Same types as the target (char(3), timestamptz(3), …), so values are checked and coerced
    // during the COPY and the INSERT only moves them.
    await client.query(
      `CREATE TEMP TABLE ${spec.stage} ON COMMIT DROP AS SELECT ${spec.columns} FROM ${spec.target} WITH NO DATA`,
    );
    await copyLines(client, `COPY pg_temp.${spec.stage} FROM STDIN`, unique, spec.line);
    const { rows: counted } = await client.query<UpsertResult>(
      `WITH up AS (${spec.upsert})
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`,
    );
    return counted[0]!;
  });
}

/** COPYs the rows straight into the target when none of their keys is stored; false when it did not. */
async function copyIfAllNew<T>(db: Db, spec: StagedUpsertSpec<T>, rows: readonly T[]): Promise<boolean> {
  const client = await db.pool.connect();
  try {
    // One index probe: a re-fetched batch goes to the merge without a COPY that fails at once (and
    // without a unique-violation error in the server's log for every re-fetched page).
    const { rows: probe } = await client.query<{ stored: boolean }>(spec.anyStored.sql, spec.anyStored.keys(rows.slice(0, 1)));
    if (probe[0]?.stored !== false) return false;
    await copyLines(client, `COPY ${spec.target} (${spec.columns}) FROM STDIN`, rows, spec.line);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    return false;
  } finally {
    client.release();
  }
}
