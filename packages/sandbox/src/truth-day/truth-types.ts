import type { DiscrepancyKind, InternalTransaction, ProcessorTransaction } from "@recon/domain";

/**
 * What the engine must conclude about a set of records. `matched` and `matched_group` are clean
 * outcomes; `out_of_window` marks grace-period records whose outcome belongs to a neighbouring
 * day's run; the rest are the discrepancy kinds.
 */
export type TruthKind = DiscrepancyKind | "matched" | "matched_group" | "out_of_window";

export interface TruthOutcome {
  kind: TruthKind;
  /** Sorted. Empty for a ledger-only outcome. */
  processorIds: string[];
  /** Sorted. Empty for a processor-only outcome. */
  internalIds: string[];
}

export interface TruthDayOptions {
  /** Records per side, roughly (the injected cases add a few). Default 10,000. */
  size?: number;
  /** Default 20260101. */
  seed?: number;
  /** YYYY-MM-DD. Default 2026-11-24. */
  runDate?: string;
  /** Injected cases of each kind per 10,000 records, at least 2 each. Default 20. */
  casesPer10k?: number;
  /**
   * Which part of a larger day this is (0, 1, 2, ...): parts of one day generated with distinct
   * numbers (and seeds) share no id, reference or tolerance amount band, so they can be loaded
   * side by side as one day too large to generate at once. Default 0.
   */
  part?: number;
}

export interface TruthDay {
  runDate: string;
  /** The run's day, [start, end): records outside it are in the grace period. */
  window: { start: Date; end: Date };
  /** Grace period read into each neighbouring day, ms. */
  graceMs: number;
  processor: ProcessorTransaction[];
  internal: InternalTransaction[];
  /** One outcome per record or pair/group: every record appears in exactly one. */
  truth: TruthOutcome[];
}
