// The fleet's role may UPDATE run rows and DELETE discrepancies (it must, to do its work), so a
// run's results could be changed with no audit entry. Its last `run.completed` entry records
// what completeRun wrote; this check compares every run's row, discrepancies and missing
// transactions with it, so such a change shows in `recon audit verify`.
import { DISCREPANCY_KINDS, formatMajorFixed } from "@recon/domain";
import type { AuditProblem } from "./audit-chain-check";
import type { Db } from "./client";

export interface AuditedRunsResult {
  /** Runs compared with their last audited completion. */
  checked: number;
  problem: AuditProblem | null;
}

interface Row {
  audit_id: string | null;
  seq: string | null;
  details: CompletionDetails | null;
  run_id: string | null;
  processor_name: string | null;
  run_date: string | null;
  status: string | null;
  counts: Record<string, unknown> | null;
  totals: unknown;
  missing_transaction_count: number | null;
  rejected_count: number | null;
  total_discrepancy_amount: string | null;
  primary_currency: string | null;
  stored_counts: Record<string, number> | null;
  stored_missing: number | null;
}

/** What completeRun records in run.completed (totals and primaryCurrency since the audit chain). */
interface CompletionDetails {
  counts?: Record<string, number>;
  missing?: number;
  rejected?: number;
  primaryCurrency?: string;
  totals?: Record<string, { missingMinor: string }>;
}

// Every run with its last completion entry, and every completion entry whose run is gone; runs
// never completed (running, or failed before any completion) have nothing to compare.
const SQL = `
WITH completion AS (
  SELECT DISTINCT ON (entity_id) id, seq, entity_id, details
    FROM audit_logs WHERE action = 'run.completed' AND entity_type = 'reconciliation_run'
   ORDER BY entity_id, seq DESC
)
SELECT c.id::text AS audit_id, c.seq::text AS seq, c.details, coalesce(r.id::text, c.entity_id) AS run_id, r.processor_name,
       to_char(r.run_date, 'YYYY-MM-DD') AS run_date, r.status, r.counts, r.totals, r.missing_transaction_count,
       r.rejected_count, r.total_discrepancy_amount::text, r.primary_currency,
       (SELECT coalesce(jsonb_object_agg(kind, n), '{}') FROM (SELECT kind, count(*)::int AS n FROM discrepancies d
         WHERE d.run_id = r.id GROUP BY kind) AS k) AS stored_counts,
       (SELECT count(*)::int FROM missing_transactions m WHERE m.run_id = r.id) AS stored_missing
  FROM completion c FULL JOIN reconciliation_runs r ON r.id::text = c.entity_id
 WHERE c.id IS NOT NULL OR r.status = 'completed'
 ORDER BY c.seq NULLS FIRST, r.id`;

function countOf(counts: Record<string, unknown> | null | undefined, kind: string): number {
  return Number(counts?.[kind] ?? 0);
}

/** The first way the run differs from its completion, or undefined. */
function difference(row: Row, audited: CompletionDetails): string | undefined {
  for (const kind of DISCREPANCY_KINDS) {
    const recorded = countOf(audited.counts, kind);
    if (countOf(row.counts, kind) !== recorded) return `its ${kind} count is ${countOf(row.counts, kind)}, recorded ${recorded}`;
    if (countOf(row.stored_counts, kind) !== recorded) return `it has ${countOf(row.stored_counts, kind)} ${kind} discrepancies, recorded ${recorded}`;
  }
  if (audited.missing !== undefined) {
    if (row.missing_transaction_count !== audited.missing) return `its missing_transaction_count is ${row.missing_transaction_count}, recorded ${audited.missing}`;
    if (row.stored_missing !== audited.missing) return `it has ${row.stored_missing} missing transactions, recorded ${audited.missing}`;
  }
  if (audited.rejected !== undefined && row.rejected_count !== audited.rejected) return `its rejected_count is ${row.rejected_count}, recorded ${audited.rejected}`;
  if (audited.totals !== undefined) {
    if (JSON.stringify(row.totals) !== JSON.stringify(audited.totals)) return `its totals are ${JSON.stringify(row.totals)}, recorded ${JSON.stringify(audited.totals)}`;
    const primary = audited.primaryCurrency;
    const missingMinor = primary === undefined ? undefined : audited.totals[primary]?.missingMinor;
    if (primary !== undefined && missingMinor !== undefined) {
      const recorded = formatMajorFixed(BigInt(missingMinor), primary, 2);
      if (row.total_discrepancy_amount !== recorded) return `its total_discrepancy_amount is ${row.total_discrepancy_amount}, recorded ${recorded}`;
    }
  }
  return undefined;
}

/** Compares every run's stored results with its last audited completion; names the first that differs. */
export async function checkRunsAgainstAudit(db: Db): Promise<AuditedRunsResult> {
  const { rows } = await db.pool.query<Row>(SQL);
  let checked = 0;
  for (const row of rows) {
    const run = `run ${row.run_id}${row.processor_name ? ` (${row.processor_name} ${row.run_date})` : ""}`;
    const entry = {
      seq: row.seq === null ? null : BigInt(row.seq),
      id: row.audit_id,
      action: row.audit_id === null ? null : "run.completed",
      entity: `reconciliation_run ${row.run_id}`,
    };
    if (row.audit_id === null) {
      return { checked, problem: { kind: "run-changed", ...entry, message: `${run} is completed but no audit entry records its completion: it was changed outside the application` } };
    }
    if (row.status === null) {
      return { checked, problem: { kind: "run-changed", ...entry, message: `${run}, whose completion is audit entry seq ${row.seq} (id ${row.audit_id}), no longer exists: it was deleted` } };
    }
    const changed = difference(row, row.details ?? {});
    if (changed !== undefined) {
      return { checked, problem: { kind: "run-changed", ...entry, message: `${run} differs from its completion, audit entry seq ${row.seq} (id ${row.audit_id}): ${changed}; it was changed outside the application` } };
    }
    checked += 1;
  }
  return { checked, problem: null };
}
