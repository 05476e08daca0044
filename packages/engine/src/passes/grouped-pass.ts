import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import type { MatchPass, MatchState } from "../match-pass";

/**
 * The first subset (of at least two) of `items` whose amounts sum exactly to `target`: the
 * whole set first (the usual split capture), then smaller sizes, each size in index order, so
 * the choice depends only on the canonical order of the candidates. Exhaustive, hence only
 * called with at most maxGroupCandidates items.
 */
export function findExactSubset<T>(items: readonly T[], amountOf: (item: T) => bigint, target: bigint): T[] | null {
  const n = items.length;
  for (let size = n; size >= 2; size--) {
    const picked: number[] = [];
    const found = searchSize(items, amountOf, target, size, 0, 0n, picked);
    if (found) return picked.map((i) => items[i]!);
  }
  return null;
}

function searchSize<T>(
  items: readonly T[],
  amountOf: (item: T) => bigint,
  target: bigint,
  size: number,
  from: number,
  sum: bigint,
  picked: number[],
): boolean {
  if (picked.length === size) return sum === target;
  for (let i = from; i <= items.length - (size - picked.length); i++) {
    picked.push(i);
    if (searchSize(items, amountOf, target, size, i + 1, sum + amountOf(items[i]!), picked)) return true;
    picked.pop();
  }
  return false;
}

function groupKey(reference: string, currency: string): string {
  return `${reference}\u0000${currency}`;
}

function bucketBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (k === null) continue;
    const bucket = map.get(k);
    if (bucket) bucket.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** One ledger row booked for several processor records of its reference (split captures, partial refunds). */
function oneLedgerManyProcessor(state: MatchState): void {
  const taken = new Set<ProcessorTransaction>();
  const byRef = bucketBy(state.pending, (p) => (p.reference === null ? null : groupKey(p.reference, p.currency)));
  for (const l of state.ledger.unconsumedWithoutRef()) {
    if (l.reference === null) continue;
    const candidates = (byRef.get(groupKey(l.reference, l.currency)) ?? []).filter((p) => !taken.has(p));
    if (candidates.length < 2 || candidates.length > state.options.maxGroupCandidates) continue;
    const subset = findExactSubset(candidates, (p) => p.grossMinor, l.grossMinor);
    if (subset === null) continue;
    for (const p of subset) taken.add(p);
    state.groupings.push({ processor: subset, ledger: [state.ledger.consume(l)], pass: "grouped" });
  }
  if (taken.size > 0) state.pending = state.pending.filter((p) => !taken.has(p));
}

/** One processor record the ledger booked as several rows of the same reference. */
function oneProcessorManyLedger(state: MatchState): void {
  const byRef = bucketBy(state.ledger.unconsumedWithoutRef(), (l) =>
    l.reference === null ? null : groupKey(l.reference, l.currency),
  );
  if (byRef.size === 0) return;
  const taken = new Set<InternalTransaction>();
  const stillPending: ProcessorTransaction[] = [];
  for (const p of state.pending) {
    const candidates =
      p.reference === null ? [] : (byRef.get(groupKey(p.reference, p.currency)) ?? []).filter((l) => !taken.has(l));
    const subset =
      candidates.length >= 2 && candidates.length <= state.options.maxGroupCandidates
        ? findExactSubset(candidates, (l) => l.grossMinor, p.grossMinor)
        : null;
    if (subset === null) {
      stillPending.push(p);
      continue;
    }
    for (const l of subset) taken.add(state.ledger.consume(l));
    state.groupings.push({ processor: [p], ledger: subset, pass: "grouped" });
  }
  state.pending = stillPending;
}

/**
 * Grouped matching by merchant reference and currency when amounts sum exactly: one ledger row
 * against several processor records, then one processor record against several ledger rows.
 * Bounded: a reference with more than maxGroupCandidates open records is left to later passes.
 */
export const groupedPass: MatchPass = {
  name: "grouped",
  run(state) {
    oneLedgerManyProcessor(state);
    oneProcessorManyLedger(state);
  },
};
