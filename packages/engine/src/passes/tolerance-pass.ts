import { absBigInt, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import { compareBigints } from "../canonical-order";
import type { MatchPass } from "../match-pass";
import { ToleranceEdges } from "./tolerance-edges";

function compatibleReferences(p: ProcessorTransaction, l: InternalTransaction): boolean {
  // Two different order references are two different sales, however close the amounts.
  return p.reference === null || l.reference === null || p.reference === l.reference;
}

/** |a - b| <= bps of max(|a|, |b|), in exact integer arithmetic. */
export function withinTolerance(diff: bigint, a: bigint, b: bigint, bps: bigint): boolean {
  const larger = absBigInt(a) > absBigInt(b) ? absBigInt(a) : absBigInt(b);
  return diff * 10_000n <= larger * bps;
}

/** Ledger rows sorted by amount, for a range search. */
type AmountSorted = InternalTransaction[];

/**
 * The ledger candidates of the tolerance pass, indexed so a processor record looks only at rows
 * that can be admissible: same currency, a time slot at most one away (slots are as wide as the
 * time tolerance, so |t1 - t2| <= tolerance implies adjacent slots), and a compatible reference.
 * Without it every record scans every near amount of the day, which grows with the square of the
 * leftovers. The filters after the lookup are the rule itself; the index only skips rows they
 * would reject, so the admissible pairs are exactly those of a scan of everything.
 */
class ToleranceIndex {
  /** currency|slot → every row (for processor records without a reference). */
  private readonly any = new Map<string, AmountSorted>();
  /** currency|slot|reference (or the no-reference key) → rows. */
  private readonly byReference = new Map<string, AmountSorted>();
  private readonly slotMs: number;

  constructor(ledger: readonly InternalTransaction[], timeToleranceMs: number) {
    this.slotMs = Math.max(1, timeToleranceMs);
    for (const l of ledger) {
      const slot = this.slotOf(l.occurredAt);
      push(this.any, slotKey(l.currency, slot), l);
      push(this.byReference, referenceKey(l.currency, slot, l.reference), l);
    }
    for (const bucket of this.any.values()) bucket.sort((a, b) => compareBigints(a.grossMinor, b.grossMinor));
    for (const bucket of this.byReference.values()) bucket.sort((a, b) => compareBigints(a.grossMinor, b.grossMinor));
  }

  private slotOf(at: Date): number {
    return Math.floor(at.getTime() / this.slotMs);
  }

  /** The amount-sorted buckets that may hold an admissible row for `p`, each row in one of them. */
  bucketsFor(p: ProcessorTransaction): AmountSorted[] {
    const slot = this.slotOf(p.occurredAt);
    const buckets: AmountSorted[] = [];
    for (let s = slot - 1; s <= slot + 1; s++) {
      const found =
        p.reference === null
          ? [this.any.get(slotKey(p.currency, s))]
          : [this.byReference.get(referenceKey(p.currency, s, p.reference)), this.byReference.get(referenceKey(p.currency, s, null))];
      for (const bucket of found) if (bucket) buckets.push(bucket);
    }
    return buckets;
  }
}

function push(map: Map<string, AmountSorted>, key: string, l: InternalTransaction): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(l);
  else map.set(key, [l]);
}

function slotKey(currency: string, slot: number): string {
  return `${currency}\u0000${slot}`;
}

function referenceKey(currency: string, slot: number, reference: string | null): string {
  // \u0001 cannot start a real reference's key part, so "no reference" never meets one.
  return `${currency}\u0000${slot}\u0000${reference === null ? "\u0001" : `=${reference}`}`;
}

/** Index of the first row whose amount is >= low (binary search). */
function firstAtLeast(bucket: AmountSorted, low: bigint): number {
  let lo = 0;
  let hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bucket[mid]!.grossMinor < low) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Pairs what is left one-to-one when the amounts differ by at most amountToleranceBps of the
 * larger amount and the times by at most timeToleranceMs. Every admissible pair is scored
 * (amount difference, then time difference, then ids) and the closest pairs are taken first,
 * so the result is the same whatever order the records arrived in. Only ledger rows without a
 * processorRef take part (see referencePass). The paired records are then compared as usual,
 * so a non-zero difference is reported as amount_mismatch.
 */
export const tolerancePass: MatchPass = {
  name: "tolerance",
  run(state) {
    const ledger = state.ledger.unconsumedWithoutRef();
    if (ledger.length === 0 || state.pending.length === 0) return;
    const { amountToleranceBps, timeToleranceMs } = state.options;
    const index = new ToleranceIndex(ledger, timeToleranceMs);
    const ledgerPosition = new Map(ledger.map((l, i) => [l, i]));
    const bps = BigInt(amountToleranceBps);
    const edges = new ToleranceEdges();
    state.pending.forEach((p, position) => {
      // The admissible difference is bps of the LARGER of the two amounts (so the rule is
      // symmetric between the sides); the search range is widened to cover that bound.
      const reach = (absBigInt(p.grossMinor) * bps) / (10_000n - bps) + 1n;
      const low = p.grossMinor - reach;
      const high = p.grossMinor + reach;
      for (const bucket of index.bucketsFor(p)) {
        for (let i = firstAtLeast(bucket, low); i < bucket.length && bucket[i]!.grossMinor <= high; i++) {
          const l = bucket[i]!;
          const timeDiff = Math.abs(p.occurredAt.getTime() - l.occurredAt.getTime());
          if (timeDiff > timeToleranceMs || !compatibleReferences(p, l)) continue;
          const amountDiff = absBigInt(p.grossMinor - l.grossMinor);
          if (!withinTolerance(amountDiff, p.grossMinor, l.grossMinor, bps)) continue;
          edges.push(position, ledgerPosition.get(l)!, amountDiff, timeDiff);
        }
      }
    });
    if (edges.length === 0) return;
    const order = edges.closestFirst(
      state.pending.map((p) => p.externalId),
      ledger.map((l) => l.externalId),
    );
    const paired = new Uint8Array(state.pending.length);
    for (const edge of order) {
      const p = edges.processorOf(edge);
      const l = ledger[edges.ledgerOf(edge)]!;
      if (paired[p] === 1 || state.ledger.isConsumed(l)) continue;
      paired[p] = 1;
      state.pairings.push({ processor: state.pending[p]!, ledger: state.ledger.consume(l), pass: "tolerance" });
    }
    state.pending = state.pending.filter((_, position) => paired[position] === 0);
  },
};
