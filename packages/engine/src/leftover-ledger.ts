import type { Discrepancy, InternalTransaction } from "@recon/domain";
import type { Pairing } from "./match-pass";
import { ledgerOnly } from "./one-sided";
import {
  duplicateLedgerRefReason,
  duplicateUnmatchedLedgerReason,
  missingInProcessorReason,
} from "./reasons";

/** A pairing that accounts for the money an id names. */
export interface Claim {
  processorId: string;
  ledgerId: string;
}

/** A claim on one id, as plain data (see LedgerClaims.export). */
export interface ClaimOnId extends Claim {
  id: string;
}

/** The claims a partition hands its parent: the first claim on each id, of each kind. */
export interface ExportedClaims {
  /** Ids named as processorRef by a consumed ledger row. */
  byRef: ClaimOnId[];
  /** Ids (own or related) of a paired processor record. */
  byProcessorId: ClaimOnId[];
}

/**
 * Which pairing first claimed each id, in two kinds: a consumed ledger row's processorRef, and
 * any id of a paired processor record. A leftover row naming a claimed id books that money a
 * second time. The first claim wins, in the order the pairings were made; a ref claim wins over
 * a processor-id claim whatever their order.
 */
export class LedgerClaims {
  private readonly byRef = new Map<string, Claim>();
  private readonly byProcessorId = new Map<string, Claim>();

  /** Adds the claims of `pairings`, which come after every claim added so far. */
  add(pairings: readonly Pairing[]): void {
    for (const { processor, ledger } of pairings) {
      const claim = { processorId: processor.externalId, ledgerId: ledger.externalId };
      if (ledger.processorRef !== null && !this.byRef.has(ledger.processorRef)) this.byRef.set(ledger.processorRef, claim);
      for (const id of [processor.externalId, ...processor.relatedIds]) {
        if (!this.byProcessorId.has(id)) this.byProcessorId.set(id, claim);
      }
    }
  }

  /**
   * The claims partitions exported, for a parent to add later pairings to. Partitions' claims
   * never compete: an id claimed in two of them means both hold a record linked by that id.
   */
  static merge(exported: readonly ExportedClaims[]): LedgerClaims {
    const claims = new LedgerClaims();
    for (const { byRef, byProcessorId } of exported) {
      for (const [map, entries] of [
        [claims.byRef, byRef],
        [claims.byProcessorId, byProcessorId],
      ] as const) {
        for (const { id, processorId, ledgerId } of entries) {
          if (map.has(id)) throw new Error(`id ${id} is claimed in two partitions: the partitioning is not link-closed`);
          map.set(id, { processorId, ledgerId });
        }
      }
    }
    return claims;
  }

  /** The claims on `ids` only: what classifying rows that name those ids needs. */
  export(ids: Iterable<string>): ExportedClaims {
    const exported: ExportedClaims = { byRef: [], byProcessorId: [] };
    for (const id of new Set(ids)) {
      const byRef = this.byRef.get(id);
      if (byRef) exported.byRef.push({ id, ...byRef });
      const byProcessorId = this.byProcessorId.get(id);
      if (byProcessorId) exported.byProcessorId.push({ id, ...byProcessorId });
    }
    return exported;
  }

  /** The claim a row naming `ref` collides with, if any. */
  claimOn(ref: string): Claim | undefined {
    return this.byRef.get(ref) ?? this.byProcessorId.get(ref);
  }
}

/**
 * Classifies the ledger rows no pass consumed. A row whose processor ref names money already
 * paired (the same ref as a consumed row, or any id of a paired processor record) books that
 * money a second time: duplicate. Among rows naming the same unknown ref, the first is
 * missing_in_processor and the rest duplicates of it. Everything else is missing_in_processor.
 *
 * @param unconsumed unique-id ledger rows in canonical order
 * @param claims the claims of every pairing of the run
 * @returns one discrepancy per row, in the order of `unconsumed`
 */
export function classifyLeftoverLedger(
  unconsumed: readonly InternalTransaction[],
  claims: LedgerClaims,
): Discrepancy[] {
  const firstUnmatchedByRef = new Map<string, string>();
  return unconsumed.map((l) => {
    if (l.processorRef === null) return ledgerOnly(l, "missing_in_processor", missingInProcessorReason(l));
    const claim = claims.claimOn(l.processorRef);
    if (claim)
      return ledgerOnly(l, "duplicate", duplicateLedgerRefReason(l, claim.processorId, claim.ledgerId));
    const kept = firstUnmatchedByRef.get(l.processorRef);
    if (kept !== undefined) return ledgerOnly(l, "duplicate", duplicateUnmatchedLedgerReason(l, kept));
    firstUnmatchedByRef.set(l.processorRef, l.externalId);
    return ledgerOnly(l, "missing_in_processor", missingInProcessorReason(l));
  });
}
