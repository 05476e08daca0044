// Rows stored more than once, checked by the key that makes them one fact (not by row id).
import type { Pool } from "pg";

const DUPLICATE_QUERIES: Record<string, string> = {
  processor_transactions: "SELECT processor, external_id FROM processor_transactions GROUP BY 1, 2 HAVING count(*) > 1",
  internal_transactions: "SELECT external_id FROM internal_transactions GROUP BY 1 HAVING count(*) > 1",
  reconciliation_runs: "SELECT processor_name, run_date FROM reconciliation_runs GROUP BY 1, 2 HAVING count(*) > 1",
  discrepancies:
    "SELECT run_id, kind, processor_external_id, internal_external_id FROM discrepancies GROUP BY 1, 2, 3, 4 HAVING count(*) > 1",
  missing_transactions: "SELECT run_id, transaction_id FROM missing_transactions GROUP BY 1, 2 HAVING count(*) > 1",
  outbox_events: "SELECT type, payload->>'runId' FROM outbox_events GROUP BY 1, 2 HAVING count(*) > 1",
  processed_events: "SELECT consumer, event_id FROM processed_events GROUP BY 1, 2 HAVING count(*) > 1",
};

/** Keys stored more than once, per table (tables with none are left out). */
export async function duplicateKeys(pool: Pool): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const [table, sql] of Object.entries(DUPLICATE_QUERIES)) {
    const { rows } = await pool.query(sql);
    if (rows.length > 0) found[table] = rows.length;
  }
  return found;
}
