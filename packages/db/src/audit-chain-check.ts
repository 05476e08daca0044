// Walks audit entries in chain order and names the first one that is not where the chain says
// it should be. Pure: verify-audit-chain.ts feeds it rows from the database and anchors from
// outside it.
import { AUDIT_GENESIS_HASH, auditEntryHash, type AuditChainEntry } from "./audit-chain";

/** A stored entry. seq and the hashes are null only on a row inserted past the chain trigger. */
export interface AuditLogRow extends Omit<AuditChainEntry, "seq" | "prevHash"> {
  id: string;
  seq: bigint | null;
  prevHash: string | null;
  hash: string | null;
}

/** The chain head recorded outside the database at some time (see @recon/reports audit anchors). */
export interface AuditAnchor {
  seq: bigint;
  hash: string;
  /** Where it was read from (s3://… or a path), to name it. */
  location: string;
}

/** What is wrong; run-changed: a run's results differ from its audited completion (audited-runs-check.ts). */
export type AuditProblemKind = "edited" | "deleted" | "inserted" | "reordered" | "rewritten" | "truncated" | "run-changed";

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The entry named: its place in the chain and its row id (null when the entry is gone). */
  seq: bigint | null;
  id: string | null;
  action: string | null;
  entity: string | null;
  /** One line: which entry, and what is wrong with it. */
  message: string;
}

export interface AuditWalkStart {
  /**
   * The seq the walk begins with. Default 1: the whole chain, from the genesis hash. Later: the
   * entry there is trusted to link to its predecessor, which is not read.
   */
  firstSeq?: bigint;
  anchors?: readonly AuditAnchor[];
}

export interface AuditWalkResult {
  checked: number;
  first: AuditLogRow | null;
  last: AuditLogRow | null;
  /** Anchors compared with the chain (those at or after where the walk began). */
  anchorsChecked: number;
  problem: AuditProblem | null;
}

/** How far a renumbered entry is looked for: enough to name a handful of removed or added entries. */
const MAX_SHIFT = 16n;

function describe(row: AuditLogRow): string {
  return `seq ${row.seq ?? "?"} (id ${row.id}, ${row.action} ${row.entityType} ${row.entityId})`;
}

function problemAt(kind: AuditProblemKind, row: AuditLogRow, message: string): AuditProblem {
  return { kind, seq: row.seq, id: row.id, action: row.action, entity: `${row.entityType} ${row.entityId}`, message };
}

function hashAs(row: AuditLogRow, seq: bigint, prevHash: string): string {
  return auditEntryHash({ ...row, seq, prevHash });
}

function plural(n: bigint, one: string, many: string): string {
  return `${n} ${n === 1n ? one : many}`;
}

/** "1 entry missing: seq 3" or "2 entries missing: seq 3 to 4". */
function missing(from: bigint, to: bigint): string {
  return from === to ? `1 entry missing: seq ${from}` : `${to - from + 1n} entries missing: seq ${from} to ${to}`;
}

/**
 * Feed rows in (seq, id) order with push(), then call finish(). Stops at the first problem:
 * push returns it, and every later call returns it again.
 */
export class AuditChainWalker {
  private readonly firstSeq: bigint;
  private readonly anchors: AuditAnchor[];
  private pending: AuditLogRow | undefined;
  private prev: AuditLogRow | undefined;
  private prevPrev: AuditLogRow | undefined;
  private first: AuditLogRow | null = null;
  private checked = 0;
  private anchorsChecked = 0;
  private problem: AuditProblem | null = null;

  constructor(start: AuditWalkStart = {}) {
    this.firstSeq = start.firstSeq ?? 1n;
    // Anchors before where the walk begins cannot be checked.
    this.anchors = (start.anchors ?? [])
      .filter((anchor) => anchor.seq >= this.firstSeq)
      .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  }

  push(row: AuditLogRow): AuditProblem | null {
    if (this.problem) return this.problem;
    if (this.pending) this.problem = this.check(this.pending, row);
    this.pending = row;
    return this.problem;
  }

  finish(): AuditWalkResult {
    if (!this.problem && this.pending) this.problem = this.check(this.pending, undefined);
    if (!this.problem) this.problem = this.checkAnchorsPastTheEnd();
    return { checked: this.checked, first: this.first, last: this.prev ?? null, anchorsChecked: this.anchorsChecked, problem: this.problem };
  }

  /** Checks `row`, knowing the entry after it (to recognise a swapped pair). */
  private check(row: AuditLogRow, next: AuditLogRow | undefined): AuditProblem | null {
    const prev = this.prev;
    if (row.seq === null || row.hash === null || row.prevHash === null) {
      return problemAt("inserted", row, `entry id ${row.id} (${row.action} ${row.entityType} ${row.entityId}) has no place in the chain (seq or hash missing): it was inserted past the chain trigger`);
    }
    const { seq } = row;
    let expectedPrev: string;
    if (prev === undefined) {
      this.first = row;
      const { firstSeq } = this;
      if (seq > firstSeq) {
        return problemAt("deleted", row, `${missing(firstSeq, seq - 1n)} (deleted): the chain starts at ${describe(row)}`);
      }
      if (seq < firstSeq) {
        return problemAt("inserted", row, `entry ${describe(row)} lies before seq ${firstSeq}, where the chain starts: it was inserted`);
      }
      expectedPrev = firstSeq === 1n ? AUDIT_GENESIS_HASH : row.prevHash;
    } else {
      const prevSeq = prev.seq!;
      if (seq === prevSeq) {
        return problemAt("inserted", row, `entry ${describe(row)} has the same seq as id ${prev.id} (${prev.action} ${prev.entityType} ${prev.entityId}): one of them was inserted`);
      }
      if (seq > prevSeq + 1n) {
        return problemAt("deleted", row, `${missing(prevSeq + 1n, seq - 1n)} (deleted): gone between ${describe(prev)} and ${describe(row)}`);
      }
      expectedPrev = prev.hash!;
    }

    const contentOk = hashAs(row, seq, row.prevHash) === row.hash;
    const linkOk = row.prevHash === expectedPrev;
    if (!linkOk && next !== undefined && next.seq === seq + 1n && next.hash === row.prevHash) {
      return problemAt("reordered", row, `entries ${describe(row)} and ${describe(next)} are in the wrong order: seq ${seq} was written after seq ${seq + 1n}'s entry`);
    }
    if (!contentOk) {
      for (let shift = 1n; shift <= MAX_SHIFT; shift++) {
        if (hashAs(row, seq + shift, row.prevHash) === row.hash) {
          return problemAt("deleted", row, `entry ${describe(row)} was written as seq ${seq + shift}: ${plural(shift, "entry was", "entries were")} deleted before it and the later ones renumbered`);
        }
        if (seq - shift >= 1n && hashAs(row, seq - shift, row.prevHash) === row.hash) {
          if (shift === 1n && prev !== undefined) {
            return problemAt("inserted", prev, `entry ${describe(prev)} was inserted: ${describe(row)} was written as seq ${seq - 1n}`);
          }
          return problemAt("inserted", row, `entry ${describe(row)} was written as seq ${seq - shift}: ${plural(shift, "entry was", "entries were")} inserted before it`);
        }
      }
      return problemAt(
        "edited",
        row,
        linkOk
          ? `entry ${describe(row)} was edited: its content no longer matches its hash`
          : `entry ${describe(row)} was edited or moved: its content no longer matches its hash, nor does it follow ${prev ? describe(prev) : "the start of the chain"}`,
      );
    }
    if (!linkOk) {
      if (prev === undefined) {
        return problemAt("deleted", row, `entry ${describe(row)} is first but names a predecessor: entries before it were deleted and the rest renumbered`);
      }
      if (this.prevPrev !== undefined && row.prevHash === this.prevPrev.hash) {
        return problemAt("inserted", prev, `entry ${describe(prev)} was inserted: ${describe(row)} was written right after seq ${this.prevPrev.seq}`);
      }
      return problemAt("edited", prev, `entry ${describe(prev)} was edited and its hash recomputed: ${describe(row)} recorded another hash for it`);
    }

    this.checked += 1;
    this.prevPrev = prev;
    this.prev = row;
    return this.checkAnchorsAt(row);
  }

  private checkAnchorsAt(row: AuditLogRow): AuditProblem | null {
    while (this.anchors.length > 0 && this.anchors[0]!.seq === row.seq) {
      const anchor = this.anchors.shift()!;
      this.anchorsChecked += 1;
      if (anchor.hash !== row.hash) {
        return problemAt(
          "rewritten",
          row,
          `entry ${describe(row)} differs from the anchor ${anchor.location}: the chain was rewritten at or before seq ${row.seq} (anchored hash ${anchor.hash}, stored ${row.hash})`,
        );
      }
    }
    return null;
  }

  /** An anchor beyond the last entry: the tail of the chain, or all of it, was removed. */
  private checkAnchorsPastTheEnd(): AuditProblem | null {
    const beyond = this.anchors.at(-1);
    if (beyond === undefined) return null;
    this.anchorsChecked += 1;
    const end = this.prev ? `ends at ${describe(this.prev)}` : "is empty";
    return {
      kind: "truncated",
      seq: beyond.seq,
      id: null,
      action: null,
      entity: null,
      message: `entry seq ${beyond.seq} is gone: the anchor ${beyond.location} records it (hash ${beyond.hash}) but audit_logs ${end}: the table was truncated or its tail deleted`,
    };
  }
}
