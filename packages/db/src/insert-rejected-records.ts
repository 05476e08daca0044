import { parseRunDate, type RejectedRecordInput } from "@recon/domain";
import { chunks } from "./chunk";
import type { Db } from "./client";
import { toJson } from "./json";
import { withTransaction } from "./transaction";

const INSERT_SQL = `
INSERT INTO rejected_records (source, external_id, reason, raw, run_date, slice_key)
SELECT i.source, i.external_id, i.reason, i.raw, $5::date, $6::text
  FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS i(source, external_id, reason, raw)`;

export interface RejectedRecordsTarget {
  /** The run (YYYY-MM-DD) they count against. */
  runDate?: string;
  /** The fetch slice that rejected them (e.g. "stripe:processor:2025-10-09T00:00:00.000Z"). */
  sliceKey?: string;
  /**
   * Delete the slice's earlier rejections first, in the same transaction: a fetch slice passes
   * true on its first page, so a retried or re-run slice never counts a rejection twice.
   */
  replaceSlice?: boolean;
}

/**
 * Puts records that failed validation in quarantine, set-based, all or nothing.
 * Not deduplicated across imports: each rejection is evidence, and a re-import that rejects
 * again says so. Fetch slices deduplicate through `sliceKey` + `replaceSlice`.
 * @returns how many rows were written.
 */
export async function insertRejectedRecords(
  db: Db,
  rows: readonly RejectedRecordInput[],
  target: RejectedRecordsTarget = {},
): Promise<number> {
  const replace = target.replaceSlice === true && target.sliceKey !== undefined;
  if (rows.length === 0 && !replace) return 0;
  const date = target.runDate === undefined ? null : parseRunDate(target.runDate);
  return withTransaction(db.pool, async (client) => {
    if (replace) await client.query("DELETE FROM rejected_records WHERE slice_key = $1", [target.sliceKey]);
    let written = 0;
    for (const chunk of chunks(rows)) {
      const result = await client.query(INSERT_SQL, [
        chunk.map((r) => r.source),
        chunk.map((r) => r.externalId),
        chunk.map((r) => r.reason),
        chunk.map((r) => toJson(r.raw)),
        date,
        target.sliceKey ?? null,
      ]);
      written += result.rowCount ?? 0;
    }
    return written;
  });
}
