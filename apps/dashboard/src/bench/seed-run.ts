// One completed run with many discrepancies across every kind and three currencies (USD, JPY,
// KWD: exponents 2, 0, 3), written set-based with generate_series so 100,000 rows take seconds.
import { DISCREPANCY_KINDS } from "@recon/domain";
import type { Db } from "@recon/db";

export const SEED_CURRENCIES = ["USD", "JPY", "KWD"] as const;
export const SEED_RUN_DATE = "2025-10-09";

/** Seeds the run (stripe, SEED_RUN_DATE) and returns its id. */
export async function seedRunWithDiscrepancies(db: Db, count: number): Promise<string> {
  const kinds = DISCREPANCY_KINDS;
  const counts = Object.fromEntries(kinds.map((kind, k) => [kind, Math.floor(count / kinds.length) + (k < count % kinds.length ? 1 : 0)]));
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, start_time, end_time, counts, totals, created_by)
     VALUES (gen_random_uuid(), $1::date, 'stripe', 'completed', now(), now(), $2::jsonb, '{}'::jsonb, 'bench')
     RETURNING id`,
    [SEED_RUN_DATE, JSON.stringify(counts)],
  );
  const runId = rows[0]!.id;
  // Row i: kind i mod 8, currency i mod 3, amount spread over 1..1,000,000 minor units.
  await db.pool.query(
    `INSERT INTO discrepancies (run_id, kind, processor_external_id, internal_external_id, currency,
                                processor_amount_minor, internal_amount_minor, amount_at_risk_minor, reason)
     SELECT $1::uuid, ($2::text[])[1 + i % cardinality($2::text[])], 'txn_' || i, 'led_' || i,
            ($3::text[])[1 + i % 3], (i * 7919) % 1000000 + 1, NULL, (i * 7919) % 1000000 + 1,
            'seeded break ' || i || ' for order-' || (i % 5000)
       FROM generate_series(0, $4::int - 1) AS i`,
    [runId, [...kinds], [...SEED_CURRENCIES], count],
  );
  // Totals per currency from the rows themselves, so the run page's figures agree with its table.
  await db.pool.query(
    `UPDATE reconciliation_runs SET totals = (
       SELECT coalesce(jsonb_object_agg(currency, jsonb_build_object(
                'missingMinor', missing::text, 'volumeMinor', '0', 'atRiskMinor', at_risk::text, 'feesAtRiskMinor', '0')), '{}'::jsonb)
         FROM (SELECT currency, sum(amount_at_risk_minor) AS at_risk,
                      sum(amount_at_risk_minor) FILTER (WHERE kind = 'missing_in_internal') AS missing
                 FROM discrepancies WHERE run_id = $1 GROUP BY currency) t)
      WHERE id = $1`,
    [runId],
  );
  await db.pool.query("ANALYZE discrepancies");
  return runId;
}
