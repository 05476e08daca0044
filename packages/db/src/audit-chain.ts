// The audit chain's hash, computed here independently of the database. The migration
// 20261202010000_audit_chain computes the same value in SQL (audit_entry_hash, called by the
// trigger that chains every insert); `recon audit verify` recomputes it here, so a database
// whose functions were replaced cannot vouch for itself.
import { createHash } from "node:crypto";
import type { Queryable } from "./transaction";

/** The prev_hash of the first entry. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** Names the hash format, first in the hashed material, so a future format can never collide. */
const FORMAT = "recon-audit-v1";

/** An entry as the chain hashes it. */
export interface AuditChainEntry {
  seq: bigint;
  at: Date;
  action: string;
  entityType: string;
  entityId: string;
  actor: string;
  /** Postgres's text of the jsonb value (`details::text`): its canonical form. */
  detailsText: string;
  prevHash: string;
}

/** Length in bytes, colon, text, newline: no choice of values can move a boundary between fields. */
function field(value: string): string {
  return `${Buffer.byteLength(value, "utf8")}:${value}\n`;
}

/** SHA-256 (hex) of an entry's content and its predecessor's hash, as the trigger computed it. */
export function auditEntryHash(entry: AuditChainEntry): string {
  const material = [
    FORMAT,
    entry.seq.toString(),
    entry.at.toISOString(),
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.actor,
    entry.detailsText,
    entry.prevHash,
  ]
    .map(field)
    .join("");
  return createHash("sha256").update(material, "utf8").digest("hex");
}

/** The last entry of the chain: what an anchor records. */
export interface AuditChainHead {
  seq: bigint;
  hash: string;
  /** When that entry was written. */
  at: Date;
}

/** The chain's last entry, or null when the log is empty. */
export async function readAuditChainHead(q: Queryable): Promise<AuditChainHead | null> {
  const { rows } = await q.query<{ seq: string; hash: string; at: Date }>(
    "SELECT seq::text, hash, at FROM audit_logs ORDER BY audit_logs.seq DESC LIMIT 1",
  );
  const row = rows[0];
  return row === undefined ? null : { seq: BigInt(row.seq), hash: row.hash, at: row.at };
}
