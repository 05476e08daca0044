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
  /**
   * `INSERT … SELECT … FROM pg_temp.<stage> ON CONFLICT … RETURNING (xmax = 0) AS inserted`:
   * xmax is 0 only on a freshly inserted tuple, and rows the conflict's WHERE skipped return nothing.
   */
  upsert: string;
}

/**
 * Upserts `rows` (already unique by the conflict key) in one transaction: COPY them into a
 * temporary table with no indexes, then one INSERT … SELECT … ON CONFLICT from it, counted in
 * SQL. The staging table lives in this session's pg_temp and only for this transaction, so
 * concurrent writers never see each other's rows; any error rolls back everything.
 */
export async function stagedUpsert<T>(
  db: Db,
  spec: StagedUpsertSpec<T>,
  rows: readonly T[],
): Promise<UpsertResult> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  return withTransaction(db.pool, async (client) => {
    // Same types as the target (char(3), timestamptz(3), …), so values are checked and coerced
    // during the COPY and the INSERT only moves them.
    await client.query(
      `CREATE TEMP TABLE ${spec.stage} ON COMMIT DROP AS SELECT ${spec.columns} FROM ${spec.target} WITH NO DATA`,
    );
    await copyLines(client, `COPY pg_temp.${spec.stage} FROM STDIN`, rows, spec.line);
    const { rows: counted } = await client.query<UpsertResult>(
      `WITH up AS (${spec.upsert})
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`,
    );
    return counted[0]!;
  });
}
