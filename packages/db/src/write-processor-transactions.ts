import type { ProcessorTransaction } from "@recon/domain";
import { chunks, lastByKey } from "./chunk";
import type { Db } from "./client";
import { toJson } from "./json";
import { withTransaction } from "./transaction";
import { countUpsert, type UpsertResult } from "./upsert-result";

// One statement per chunk: unnest the column arrays, insert, and on conflict update only rows
// whose content differs, so re-importing the same data touches nothing (updated_at included).
// related_ids travels as one JSON array text per row because unnest cannot yield a ragged text[][].
const UPSERT_SQL = `
INSERT INTO processor_transactions AS t
  (processor, external_id, related_ids, reference, merchant_id, gross_minor, fee_minor, net_minor,
   currency, status, raw_status, type, occurred_at, raw)
SELECT i.processor, i.external_id,
       ARRAY(SELECT jsonb_array_elements_text(i.related_ids)),
       i.reference, i.merchant_id, i.gross_minor, i.fee_minor, i.net_minor,
       i.currency, i.status, i.raw_status, i.type, i.occurred_at, i.raw
  FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
              $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::jsonb[])
       AS i(processor, external_id, related_ids, reference, merchant_id, gross_minor, fee_minor, net_minor,
            currency, status, raw_status, type, occurred_at, raw)
ON CONFLICT (processor, external_id) DO UPDATE SET
  related_ids = EXCLUDED.related_ids, reference = EXCLUDED.reference, merchant_id = EXCLUDED.merchant_id,
  gross_minor = EXCLUDED.gross_minor, fee_minor = EXCLUDED.fee_minor, net_minor = EXCLUDED.net_minor,
  currency = EXCLUDED.currency, status = EXCLUDED.status, raw_status = EXCLUDED.raw_status,
  type = EXCLUDED.type, occurred_at = EXCLUDED.occurred_at, raw = EXCLUDED.raw, updated_at = now()
WHERE (t.related_ids, t.reference, t.merchant_id, t.gross_minor, t.fee_minor, t.net_minor, t.currency,
       t.status, t.raw_status, t.type, t.occurred_at, t.raw)
      IS DISTINCT FROM
      (EXCLUDED.related_ids, EXCLUDED.reference, EXCLUDED.merchant_id, EXCLUDED.gross_minor,
       EXCLUDED.fee_minor, EXCLUDED.net_minor, EXCLUDED.currency, EXCLUDED.status, EXCLUDED.raw_status,
       EXCLUDED.type, EXCLUDED.occurred_at, EXCLUDED.raw)
RETURNING (xmax = 0) AS inserted`;

/**
 * Upserts processor records on (processor, external_id), set-based, in one transaction (all or
 * nothing). Duplicate keys in `rows` keep the last one. Idempotent.
 */
export async function upsertProcessorTransactions(db: Db, rows: readonly ProcessorTransaction[]): Promise<UpsertResult> {
  const result: UpsertResult = { inserted: 0, updated: 0 };
  const unique = lastByKey(rows, (row) => `${row.processor}\u0000${row.externalId}`);
  if (unique.length === 0) return result;
  await withTransaction(db.pool, async (client) => {
    for (const chunk of chunks(unique)) {
      const { rows: returned } = await client.query<{ inserted: boolean }>(UPSERT_SQL, [
        chunk.map((r) => r.processor),
        chunk.map((r) => r.externalId),
        chunk.map((r) => JSON.stringify(r.relatedIds)),
        chunk.map((r) => r.reference),
        chunk.map((r) => r.merchantId),
        chunk.map((r) => r.grossMinor.toString()),
        chunk.map((r) => r.feeMinor.toString()),
        chunk.map((r) => r.netMinor.toString()),
        chunk.map((r) => r.currency),
        chunk.map((r) => r.status),
        chunk.map((r) => r.rawStatus),
        chunk.map((r) => r.type),
        chunk.map((r) => r.occurredAt.toISOString()),
        chunk.map((r) => toJson(r.raw)),
      ]);
      countUpsert(returned, result);
    }
  });
  return result;
}
