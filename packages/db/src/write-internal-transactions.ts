import type { InternalTransaction } from "@recon/domain";
import { chunks, lastByKey } from "./chunk";
import type { Db } from "./client";
import { toJson } from "./json";
import { withTransaction } from "./transaction";
import { countUpsert, type UpsertResult } from "./upsert-result";

// Same shape as the processor upsert: update only rows whose content differs.
const UPSERT_SQL = `
INSERT INTO internal_transactions AS t
  (external_id, processor, processor_ref, reference, gross_minor, fee_minor, currency, status, occurred_at, raw)
SELECT *
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[],
              $8::text[], $9::timestamptz[], $10::jsonb[])
ON CONFLICT (external_id) DO UPDATE SET
  processor = EXCLUDED.processor, processor_ref = EXCLUDED.processor_ref, reference = EXCLUDED.reference,
  gross_minor = EXCLUDED.gross_minor, fee_minor = EXCLUDED.fee_minor, currency = EXCLUDED.currency,
  status = EXCLUDED.status, occurred_at = EXCLUDED.occurred_at, raw = EXCLUDED.raw, updated_at = now()
WHERE (t.processor, t.processor_ref, t.reference, t.gross_minor, t.fee_minor, t.currency, t.status,
       t.occurred_at, t.raw)
      IS DISTINCT FROM
      (EXCLUDED.processor, EXCLUDED.processor_ref, EXCLUDED.reference, EXCLUDED.gross_minor,
       EXCLUDED.fee_minor, EXCLUDED.currency, EXCLUDED.status, EXCLUDED.occurred_at, EXCLUDED.raw)
RETURNING (xmax = 0) AS inserted`;

/**
 * Upserts ledger records on external_id, set-based, in one transaction (all or nothing).
 * Duplicate ids in `rows` keep the last one. Idempotent.
 */
export async function upsertInternalTransactions(db: Db, rows: readonly InternalTransaction[]): Promise<UpsertResult> {
  const result: UpsertResult = { inserted: 0, updated: 0 };
  const unique = lastByKey(rows, (row) => row.externalId);
  if (unique.length === 0) return result;
  await withTransaction(db.pool, async (client) => {
    for (const chunk of chunks(unique)) {
      const { rows: returned } = await client.query<{ inserted: boolean }>(UPSERT_SQL, [
        chunk.map((r) => r.externalId),
        chunk.map((r) => r.processor),
        chunk.map((r) => r.processorRef),
        chunk.map((r) => r.reference),
        chunk.map((r) => r.grossMinor.toString()),
        chunk.map((r) => (r.feeMinor === null ? null : r.feeMinor.toString())),
        chunk.map((r) => r.currency),
        chunk.map((r) => r.status),
        chunk.map((r) => r.occurredAt.toISOString()),
        chunk.map((r) => toJson(r.raw)),
      ]);
      countUpsert(returned, result);
    }
  });
  return result;
}
