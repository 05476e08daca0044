/** What a bulk upsert did: rows that changed nothing are in neither count. */
export interface UpsertResult {
  inserted: number;
  updated: number;
}

/** Sums RETURNING (xmax = 0) AS inserted rows: xmax is 0 only on a freshly inserted tuple. */
export function countUpsert(rows: readonly { inserted: boolean }[], into: UpsertResult): void {
  for (const row of rows) {
    if (row.inserted) into.inserted += 1;
    else into.updated += 1;
  }
}
