// What the fleet stored for each run, read straight from its database: the figures an undisturbed
// run must reproduce, and whether the run has ended (with its report and alert handled).
import type { Pool } from "pg";

export interface RunKey {
  processor: string;
  date: string;
}

export const runLabel = (run: RunKey): string => `${run.processor} ${run.date}`;

export interface RunOutcome {
  status: string;
  errorMessage: string | null;
  /** Discrepancy counts per kind, processor/internal/matched counts: compared as one string. */
  figures: string;
  /** Every discrepancy as kind|processor id|ledger id|amount at risk, sorted. */
  discrepancyKeys: string[];
}

/** "completed" and "failed-alerted" are ends; anything else at the deadline is a lost run. */
export type Settlement = "completed" | "failed-alerted" | "no run row" | "running" | "completed, report or alert pending" | "failed, alert pending";

function sortedFigures(counts: unknown, processorCount: number, internalCount: number, matched: number): string {
  const byKind = Object.entries((counts ?? {}) as Record<string, number>).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ counts: Object.fromEntries(byKind), processorCount, internalCount, matched });
}

export async function readOutcome(pool: Pool, run: RunKey): Promise<RunOutcome | undefined> {
  const { rows } = await pool.query<{
    id: string;
    status: string;
    error_message: string | null;
    counts: unknown;
    processor_transaction_count: number;
    internal_transaction_count: number;
    matched_count: number;
  }>(
    `SELECT id, status, error_message, counts, processor_transaction_count, internal_transaction_count, matched_count
       FROM reconciliation_runs WHERE processor_name = $1 AND run_date = $2::date`,
    [run.processor, run.date],
  );
  const row = rows[0];
  if (!row) return undefined;
  const keys = await pool.query<{ key: string }>(
    `SELECT concat_ws('|', kind, coalesce(processor_external_id, '-'), coalesce(internal_external_id, '-'), amount_at_risk_minor::text) AS key
       FROM discrepancies WHERE run_id = $1 ORDER BY 1`,
    [row.id],
  );
  return {
    status: row.status,
    errorMessage: row.error_message,
    figures: sortedFigures(row.counts, row.processor_transaction_count, row.internal_transaction_count, row.matched_count),
    discrepancyKeys: keys.rows.map((r) => r.key),
  };
}

/** Whether the run has ended: completed with its report and alert handled, or failed with its alert handled. */
export async function settlementOf(pool: Pool, run: RunKey): Promise<Settlement> {
  const { rows } = await pool.query<{ status: string; type: string | null; report: boolean; notify: boolean }>(
    `SELECT r.status, e.type,
            EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = 'report' AND p.event_id = e.id) AS report,
            EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = 'notify' AND p.event_id = e.id) AS notify
       FROM reconciliation_runs r
       LEFT JOIN outbox_events e ON e.payload->>'runId' = r.id::text AND e.type = 'run.' || r.status
      WHERE r.processor_name = $1 AND r.run_date = $2::date`,
    [run.processor, run.date],
  );
  const row = rows[0];
  if (!row) return "no run row";
  if (row.status === "completed") return row.report && row.notify ? "completed" : "completed, report or alert pending";
  if (row.status === "failed") return row.notify ? "failed-alerted" : "failed, alert pending";
  return "running";
}
