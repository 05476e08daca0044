import type { InternalTransaction } from "@recon/domain";
import type { MatchPass } from "../match-pass";

function key(reference: string, currency: string, amount: bigint): string {
  return `${reference}\u0000${currency}\u0000${amount}`;
}

/**
 * Ledger rows that lack the processor's id, paired by the merchant's own order reference plus
 * currency plus exact amount. Only rows without a processorRef take part: a row that names an
 * id the processor does not have is a claim about that id, not a loose booking.
 */
export const referencePass: MatchPass = {
  name: "reference",
  run(state) {
    const byKey = new Map<string, InternalTransaction[]>();
    for (const l of state.ledger.unconsumedWithoutRef()) {
      if (l.reference === null) continue;
      const k = key(l.reference, l.currency, l.grossMinor);
      const bucket = byKey.get(k);
      if (bucket) bucket.push(l);
      else byKey.set(k, [l]);
    }
    if (byKey.size === 0) return;
    const stillPending = [];
    for (const p of state.pending) {
      const bucket = p.reference === null ? undefined : byKey.get(key(p.reference, p.currency, p.grossMinor));
      const ledger = bucket?.shift();
      if (ledger === undefined) stillPending.push(p);
      else state.pairings.push({ processor: p, ledger: state.ledger.consume(ledger), pass: "reference" });
    }
    state.pending = stillPending;
  },
};
