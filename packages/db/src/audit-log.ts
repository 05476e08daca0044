import { chunks } from "./chunk";
import { toJson } from "./json";
import type { Queryable } from "./transaction";

export interface AuditEntry {
  /** Dotted verb: run.started, run.completed, run.failed, report.uploaded, break.opened. */
  action: string;
  entityType: string;
  entityId: string;
  /** Who did it. Default: "system". */
  actor?: string;
  details?: unknown;
}

// How to write audit entries (every writer, both functions below):
// - Pass the transaction's client, so an entry commits with the change it records.
// - Append LAST in the transaction, after every other lock it takes. The database chains each
//   entry to the one before (seq, prev_hash, hash: migration 20261202010000_audit_chain) under a
//   lock held until commit; a transaction that held it while waiting for a row lock could
//   deadlock with one holding that row and waiting to append.
// - Only in READ COMMITTED transactions (the trigger refuses others: under REPEATABLE READ the
//   head it links to could be stale).
// The table refuses UPDATE, DELETE and TRUNCATE (triggers), and the fleet's database role may
// only SELECT and INSERT it (docs/operations.md, "Audit trail and least privilege").

/** Appends one audit entry in the caller's transaction. */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    "INSERT INTO audit_logs (action, entity_type, entity_id, actor, details) VALUES ($1, $2, $3, $4, $5::jsonb)",
    [entry.action, entry.entityType, entry.entityId, entry.actor ?? "system", toJson(entry.details ?? {})],
  );
}

/**
 * Appends several entries in the caller's transaction, in the order given, set-based (a run
 * opening thousands of breaks). Returns how many were written.
 */
export async function appendAudits(tx: Queryable, entries: readonly AuditEntry[]): Promise<number> {
  let written = 0;
  for (const chunk of chunks(entries)) {
    const result = await tx.query(
      `INSERT INTO audit_logs (action, entity_type, entity_id, actor, details)
       SELECT action, entity_type, entity_id, actor, details::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
              AS e(action, entity_type, entity_id, actor, details, n)
        ORDER BY n`,
      [
        chunk.map((e) => e.action),
        chunk.map((e) => e.entityType),
        chunk.map((e) => e.entityId),
        chunk.map((e) => e.actor ?? "system"),
        chunk.map((e) => toJson(e.details ?? {})),
      ],
    );
    written += result.rowCount ?? 0;
  }
  return written;
}
