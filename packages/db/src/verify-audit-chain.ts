// `recon audit verify`'s engine: streams audit_logs in chain order through the walker, which
// recomputes every hash here, not in the database.
import { AuditChainWalker, type AuditAnchor, type AuditLogRow, type AuditWalkResult } from "./audit-chain-check";
import type { Db } from "./client";
import { streamQuery } from "./cursor-stream";

export interface VerifyAuditChainOptions {
  /** Begin at this seq, or at the first entry written at or after this instant. Default: the whole chain. */
  from?: bigint | Date;
  /** Chain heads recorded outside the database; those at or after where the walk begins are compared. */
  anchors?: readonly AuditAnchor[];
}

export interface AuditVerification extends AuditWalkResult {
  /** Where the walk began. */
  firstSeq: bigint;
}

interface Row {
  id: string;
  seq: string | null;
  at: Date;
  action: string;
  entity_type: string;
  entity_id: string;
  actor: string;
  details: string;
  prev_hash: string | null;
  hash: string | null;
}

function toRow(row: Row): AuditLogRow {
  return {
    id: row.id,
    seq: row.seq === null ? null : BigInt(row.seq),
    at: row.at,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actor: row.actor,
    detailsText: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The seq a walk from `from` begins with; past the head when nothing was written since. */
async function firstSeqOf(db: Db, from: bigint | Date | undefined): Promise<bigint> {
  if (from === undefined) return 1n;
  if (typeof from === "bigint") return from;
  const { rows } = await db.pool.query<{ seq: string }>(
    `SELECT coalesce((SELECT min(seq) FROM audit_logs WHERE at >= $1), (SELECT max(seq) FROM audit_logs) + 1, 1)::text AS seq`,
    [from],
  );
  return BigInt(rows[0]!.seq);
}

/**
 * Walks the audit chain from `from` (default: its first entry) to its head, in one snapshot,
 * and reports the first entry edited, deleted, inserted or reordered, or an anchor the chain no
 * longer agrees with. A walk of the whole chain reads every row: one given a seq below 1 comes
 * first, and one left without a seq by an insert past the trigger comes last (NULLS LAST).
 */
export async function verifyAuditChain(db: Db, opts: VerifyAuditChainOptions = {}): Promise<AuditVerification> {
  const firstSeq = await firstSeqOf(db, opts.from);
  const walker = new AuditChainWalker({ firstSeq, anchors: opts.anchors ?? [] });
  const rows = streamQuery<Row, AuditLogRow>(
    db.pool,
    `SELECT id::text, seq::text, at, action, entity_type, entity_id, actor, details::text AS details, prev_hash, hash
       FROM audit_logs WHERE $1::bigint = 1 OR seq >= $1 OR seq IS NULL ORDER BY audit_logs.seq NULLS LAST, audit_logs.id`,
    [firstSeq.toString()],
    toRow,
  );
  for await (const row of rows) {
    if (walker.push(row)) break;
  }
  return { ...walker.finish(), firstSeq };
}
