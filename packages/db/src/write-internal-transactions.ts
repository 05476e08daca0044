import type { InternalTransaction } from "@recon/domain";
import type { Db } from "./client";
import { LEDGER_COPY_COLUMNS, ledgerCopyLine } from "./copy-encoding";
import { stagedUpsert } from "./staged-upsert";
import type { UpsertResult } from "./upsert-result";

const STAGE = "recon_stage_internal_transactions";

// Same shape as the processor upsert, keyed on the ledger id alone (the processor is content
// here, updated like the rest): update only rows whose content differs.
const UPSERT_SQL = `
INSERT INTO internal_transactions AS t (${LEDGER_COPY_COLUMNS})
SELECT ${LEDGER_COPY_COLUMNS} FROM pg_temp.${STAGE}
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

// Keys as a JSON array, as in the processor upsert (pg's text[] encoding is slow at this size).
const ANY_STORED_SQL = `
SELECT EXISTS (
  SELECT 1 FROM json_array_elements_text($1::json) AS k(external_id) JOIN internal_transactions t ON t.external_id = k.external_id
) AS stored`;

/**
 * Upserts ledger records on external_id in one transaction (all or nothing): a batch of new
 * records is COPYed straight in, any other is staged and merged (see stagedUpsert). Duplicate
 * ids in `rows` keep the last one. Idempotent: unchanged rows are neither written nor counted.
 */
export async function upsertInternalTransactions(
  db: Db,
  rows: readonly InternalTransaction[],
): Promise<UpsertResult> {
  return stagedUpsert(
    db,
    {
      stage: STAGE,
      target: "internal_transactions",
      columns: LEDGER_COPY_COLUMNS,
      line: ledgerCopyLine,
      key: (row) => row.externalId,
      upsert: UPSERT_SQL,
      anyStored: { sql: ANY_STORED_SQL, keys: (batch) => [JSON.stringify(batch.map((row) => row.externalId))] },
    },
    rows,
  );
}
