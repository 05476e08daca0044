import { absBigInt, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import { compareBigints, compareStrings } from "../canonical-order";
import type { MatchPass } from "../match-pass";

export interface ToleranceEdge {
  p: ProcessorTransaction;
  l: InternalTransaction;
  amountDiff: bigint;
  timeDiff: number;
}

/** The order admissible pairs are taken in: closest amount, then closest time, then ids. */
export function closestFirst(a: ToleranceEdge, b: ToleranceEdge): number {
  return (
    compareBigints(a.amountDiff, b.amountDiff) ||
    a.timeDiff - b.timeDiff ||
    compareStrings(a.p.externalId, b.p.externalId) ||
    compareStrings(a.l.externalId, b.l.externalId)
  );
}

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
    const bps = BigInt(amountToleranceBps);
    const edges: ToleranceEdge[] = [];
    for (const p of state.pending) {
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
          edges.push({ p, l, amountDiff, timeDiff });
        }
      }
    }
    if (edges.length === 0) return;
    edges.sort(closestFirst);
    const pairedProcessor = new Set<ProcessorTransaction>();
    for (const edge of edges) {
      if (pairedProcessor.has(edge.p) || state.ledger.isConsumed(edge.l)) continue;
      pairedProcessor.add(edge.p);
      state.pairings.push({ processor: edge.p, ledger: state.ledger.consume(edge.l), pass: "tolerance" });
    }
    state.pending = state.pending.filter((p) => !pairedProcessor.has(p));
  },
};
