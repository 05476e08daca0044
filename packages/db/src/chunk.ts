/** Rows per set-based statement: keeps each bind message well under Postgres' limits. */
export const BULK_CHUNK_SIZE = 5_000;

export function* chunks<T>(rows: readonly T[], size: number = BULK_CHUNK_SIZE): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

/**
 * Keeps the last row of each key, in first-seen order. ON CONFLICT DO UPDATE refuses to touch
 * one row twice in a statement, and the latest version of a record is the one to keep.
 */
export function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}
