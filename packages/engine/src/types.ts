import type { MatchOptions } from "./options";
import type {
  Discrepancy,
  InternalTransaction,
  Processor,
  ProcessorTransaction,
  RunFigures,
} from "@recon/domain";

/** Either a streamed source (a DB cursor, a paginated API) or an in-memory list. */
export type RecordSource<T> = AsyncIterable<T> | Iterable<T>;

export interface ReconcileInput {
  /** The processor being reconciled; every record on both sides must belong to it. */
  processor: Processor;
  processorTransactions: RecordSource<ProcessorTransaction>;
  internalTransactions: RecordSource<InternalTransaction>;
  /** Fuzzy-pass tuning and the run's day window (see MatchOptions for defaults). */
  options?: MatchOptions;
  /**
   * Clean pairs settled before the engine ran (the exact-id pass done inside Postgres), left
   * out of both record sources. They count in the figures as matched pairs with both sides in
   * the day. Default: none.
   */
  presettled?: Presettled;
}

export interface Presettled {
  count: number;
  /** Per currency: pairs and the sum of |gross| of their processor side, minor units. */
  byCurrency: Record<string, { count: number; volumeMinor: bigint }>;
}

/** A processor record and the ledger record that agree with it in every checked field. */
export interface MatchedPair {
  processorId: string;
  internalId: string;
}

/** Several records of one side that sum exactly to one record of the other (grouped pass). */
export interface MatchedGroup {
  /** Sorted. */
  processorIds: string[];
  /** Sorted. */
  internalIds: string[];
  currency: string;
  processorAmountMinor: bigint;
  internalAmountMinor: bigint;
  pass: string;
  reason: string;
}

/**
 * Records read only because of the grace period whose outcome belongs to a neighbouring day's
 * run (a pair or a lone record wholly outside this run's day, or a pair whose processor side
 * is on the other day: timing is reported by the processor record's day). Sorted ids.
 */
export interface OutOfWindow {
  processorIds: string[];
  internalIds: string[];
}

export interface ReconcileResult {
  /** Pairs with no discrepancy, sorted by processorId then internalId. */
  matched: MatchedPair[];
  /** Grouped matches, sorted by first internal id. */
  matchedGroups: MatchedGroup[];
  /** Records whose outcome belongs to a neighbouring day (empty without a window). */
  outOfWindow: OutOfWindow;
  /** Every discrepancy, sorted by kind (DISCREPANCY_KINDS order) then ids. */
  discrepancies: Discrepancy[];
  /** The processor records behind the missing_in_internal discrepancies, sorted by externalId. */
  missingInInternal: ProcessorTransaction[];
  figures: RunFigures;
}
