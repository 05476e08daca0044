import type { Db } from "../client";

/** One audit entry of a run, as the run page lists it. */
export interface RunAuditEntry {
  seq: bigint;
  at: Date;
  action: string;
  actor: string;
  details: unknown;
}

/** The run's audit trail (started, completed, failed, report.uploaded ...) in chain order. */
export async function loadRunAudit(db: Db, runId: string): Promise<RunAuditEntry[]> {
  // entity_type as runs.ts and fail-run.ts write it.
  const { rows } = await db.pool.query<{ seq: string; at: Date; action: string; actor: string; details: unknown }>(
    `SELECT seq::text, at, action, actor, details FROM audit_logs
      WHERE entity_type = 'reconciliation_run' AND entity_id = $1 ORDER BY seq`,
    [runId],
  );
  return rows.map((row) => ({ seq: BigInt(row.seq), at: row.at, action: row.action, actor: row.actor, details: row.details }));
}
