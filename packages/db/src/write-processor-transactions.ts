import type { ProcessorTransaction } from "@recon/domain";
import type { Db } from "./client";
import { PROCESSOR_COPY_COLUMNS, processorCopyLine } from "./copy-encoding";
import { stagedUpsert } from "./staged-upsert";
import type { UpsertResult } from "./upsert-result";

const STAGE = "recon_stage_processor_transactions";

// On conflict, update only rows whose content differs, so re-importing the same data touches
// nothing (updated_at included).
const UPSERT_SQL = `
INSERT INTO processor_transactions AS t (${PROCESSOR_COPY_COLUMNS})
SELECT ${PROCESSOR_COPY_COLUMNS} FROM pg_temp.${STAGE}
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

// The keys travel as JSON arrays: pg's text[] encoding takes seconds per million values, and
// json_array_elements_text's small row estimate makes this index probes on the unique key.
const ANY_STORED_SQL = `
SELECT EXISTS (
  SELECT 1 FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) AS k(processor, external_id)
  JOIN processor_transactions t ON t.processor = k.processor AND t.external_id = k.external_id
) AS stored`;

/**
 * Upserts processor records on (processor, external_id) in one transaction (all or nothing):
 * a batch of new records is COPYed straight in, any other is COPYed into a session-local staging
 * table and merged with one INSERT … SELECT … ON CONFLICT (see stagedUpsert). Duplicate
 * keys in `rows` keep the last one. Idempotent: unchanged rows are neither written nor counted.
 */
export async function upsertProcessorTransactions(
  db: Db,
  rows: readonly ProcessorTransaction[],
): Promise<UpsertResult> {
  return stagedUpsert(
    db,
    {
      stage: STAGE,
      target: "processor_transactions",
      columns: PROCESSOR_COPY_COLUMNS,
      line: processorCopyLine,
      key: (row) => `${row.processor}\u0000${row.externalId}`,
      upsert: UPSERT_SQL,
      anyStored: { sql: ANY_STORED_SQL, keys: (batch) => [JSON.stringify(batch.map((row) => row.processor)), JSON.stringify(batch.map((row) => row.externalId))] },
    },
    rows,
  );
}
