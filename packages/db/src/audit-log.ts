import { toJson } from "./json";
import type { Queryable } from "./transaction";

export interface AuditEntry {
  /** Dotted verb: run.started, run.completed, run.failed, report.uploaded. */
  action: string;
  entityType: string;
  entityId: string;
  /** Who did it. Default: "system". */
  actor?: string;
  details?: unknown;
}

/**
 * Appends to the audit log. Pass the transaction's client so the entry commits with the change
 * it records. The table refuses UPDATE and DELETE (trigger in the init migration).
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    "INSERT INTO audit_logs (action, entity_type, entity_id, actor, details) VALUES ($1, $2, $3, $4, $5::jsonb)",
    [entry.action, entry.entityType, entry.entityId, entry.actor ?? "system", toJson(entry.details ?? {})],
  );
}
