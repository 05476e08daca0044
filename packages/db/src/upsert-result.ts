/** What a bulk upsert did: rows that changed nothing are in neither count. */
export interface UpsertResult {
  inserted: number;
  updated: number;
}
