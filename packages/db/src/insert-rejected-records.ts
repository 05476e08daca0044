import { parseRunDate, type RejectedRecordInput } from "@recon/domain";
import { chunks } from "./chunk";
import type { Db } from "./client";
import { toJson } from "./json";
import { withTransaction } from "./transaction";

const INSERT_SQL = `
INSERT INTO rejected_records (source, external_id, reason, raw, run_date)
SELECT i.source, i.external_id, i.reason, i.raw, $5::date
  FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS i(source, external_id, reason, raw)`;

/**
 * Puts records that failed validation in quarantine, set-based, all or nothing.
 * Not deduplicated: each rejection is evidence, and a re-import that rejects again says so.
 * @param runDate the run (YYYY-MM-DD) they count against; default none.
 * @returns how many rows were written.
 */
export async function insertRejectedRecords(db: Db, rows: readonly RejectedRecordInput[], runDate?: string): Promise<number> {
  if (rows.length === 0) return 0;
  const date = runDate === undefined ? null : parseRunDate(runDate);
  return withTransaction(db.pool, async (client) => {
    let written = 0;
    for (const chunk of chunks(rows)) {
      const result = await client.query(INSERT_SQL, [
        chunk.map((r) => r.source),
        chunk.map((r) => r.externalId),
        chunk.map((r) => r.reason),
        chunk.map((r) => toJson(r.raw)),
        date,
      ]);
      written += result.rowCount ?? 0;
    }
    return written;
  });
}
