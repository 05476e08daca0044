import { absBigInt, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import { compareBigints, compareStrings } from "../canonical-order";
import type { MatchPass } from "../match-pass";

interface Edge {
  p: ProcessorTransaction;
  l: InternalTransaction;
  amountDiff: bigint;
  timeDiff: number;
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
    const byCurrency = new Map<string, InternalTransaction[]>();
    for (const l of ledger) {
      const bucket = byCurrency.get(l.currency);
      if (bucket) bucket.push(l);
      else byCurrency.set(l.currency, [l]);
    }
    for (const bucket of byCurrency.values()) bucket.sort((a, b) => compareBigints(a.grossMinor, b.grossMinor));

    const { amountToleranceBps, timeToleranceMs } = state.options;
    const bps = BigInt(amountToleranceBps);
    const edges: Edge[] = [];
    for (const p of state.pending) {
      const bucket = byCurrency.get(p.currency);
      if (!bucket) continue;
      // The admissible difference is bps of the LARGER of the two amounts (so the rule is
      // symmetric between the sides); the search range is widened to cover that bound.
      const reach = (absBigInt(p.grossMinor) * bps) / (10_000n - bps) + 1n;
      const low = p.grossMinor - reach;
      const high = p.grossMinor + reach;
      // Binary search for the first ledger amount >= low; walk while <= high.
      let lo = 0;
      let hi = bucket.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (bucket[mid]!.grossMinor < low) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < bucket.length && bucket[i]!.grossMinor <= high; i++) {
        const l = bucket[i]!;
        const timeDiff = Math.abs(p.occurredAt.getTime() - l.occurredAt.getTime());
        if (timeDiff > timeToleranceMs || !compatibleReferences(p, l)) continue;
        const amountDiff = absBigInt(p.grossMinor - l.grossMinor);
        if (!withinTolerance(amountDiff, p.grossMinor, l.grossMinor, bps)) continue;
        edges.push({ p, l, amountDiff, timeDiff });
      }
    }
    if (edges.length === 0) return;
    edges.sort(
      (a, b) =>
        compareBigints(a.amountDiff, b.amountDiff) ||
        a.timeDiff - b.timeDiff ||
        compareStrings(a.p.externalId, b.p.externalId) ||
        compareStrings(a.l.externalId, b.l.externalId),
    );
    const pairedProcessor = new Set<ProcessorTransaction>();
    for (const edge of edges) {
      if (pairedProcessor.has(edge.p) || state.ledger.isConsumed(edge.l)) continue;
      pairedProcessor.add(edge.p);
      state.pairings.push({ processor: edge.p, ledger: state.ledger.consume(edge.l), pass: "tolerance" });
    }
    state.pending = state.pending.filter((p) => !pairedProcessor.has(p));
  },
};
