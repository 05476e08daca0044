import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import type { LedgerIndex } from "./ledger-index";
import type { ResolvedMatchOptions } from "./options";

/** A processor record paired with a ledger record; the pair may still disagree on a field. */
export interface Pairing {
  processor: ProcessorTransaction;
  ledger: InternalTransaction;
  /** Which pass paired them, for diagnostics and for later passes' precedence. */
  pass: string;
}

/**
 * Several records of one side whose amounts sum exactly to one record of the other side
 * (split captures, partial refunds booked as one row, or the reverse).
 */
export interface Grouping {
  processor: ProcessorTransaction[];
  ledger: InternalTransaction[];
  pass: string;
}

/** What the passes share: the ledger still available, the processor records still unpaired. */
export interface MatchState {
  readonly ledger: LedgerIndex;
  /** Unique-id processor records without a counterpart yet, in canonical order. */
  pending: ProcessorTransaction[];
  readonly pairings: Pairing[];
  readonly groupings: Grouping[];
  readonly options: ResolvedMatchOptions;
}

/**
 * One matching strategy. Passes run in order, most certain first, each seeing only what the
 * earlier ones left; later strategies (reference, tolerance, grouped, timing window) slot in
 * as further passes without touching the ones before them.
 */
export interface MatchPass {
  readonly name: string;
  run(state: MatchState): void;
}

/**
 * Pairs each pending processor record with the first ledger record filed under one of its
 * keys, trying keys in the order given (first hit wins).
 */
export function pairByKeys(
  state: MatchState,
  pass: string,
  keysOf: (p: ProcessorTransaction) => readonly string[],
): void {
  const stillPending: ProcessorTransaction[] = [];
  for (const processor of state.pending) {
    let ledger: InternalTransaction | null = null;
    for (const key of keysOf(processor)) {
      ledger = state.ledger.take(key, processor);
      if (ledger !== null) break;
    }
    if (ledger === null) stillPending.push(processor);
    else state.pairings.push({ processor, ledger, pass });
  }
  state.pending = stillPending;
}
