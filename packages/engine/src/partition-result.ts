import type { Discrepancy, InternalTransaction, KindCounts, ProcessorTransaction } from "@recon/domain";
import type { ExportedClaims } from "./leftover-ledger";
import type { PaymentLink } from "./payment-links";
import type { CurrencyVolume } from "./currency-volume";
import type { MatchedGroup, MatchedPair, OutOfWindow, ReconcileInput } from "./types";

/** One partition's records; clean pairs settled upstream are the parent's business, not a partition's. */
export type PartitionInput = Omit<ReconcileInput, "presettled">;

/** A partition's share of the run's figures, aggregated so it does not grow with matched volume. */
export interface PartitionFigures {
  /** In-day processor records with unique ids, per currency (see FiguresInput.processorVolume). */
  processorVolume: Record<string, CurrencyVolume>;
  /** In-day ledger records with unique ids. */
  internalCount: number;
}

/** What only the parent can decide: the records no keyed pass settled, and what classifying them needs. */
export interface PartitionLeftovers {
  /** Unique-id processor records no keyed pass paired (any window), canonical order. */
  processor: ProcessorTransaction[];
  /** Unique-id ledger rows no keyed pass consumed (any window), canonical order. */
  ledger: InternalTransaction[];
  /** The keyed pairings' claims on the processor refs of `ledger` (see LedgerClaims). */
  claims: ExportedClaims;
  /** Payment links of the ids of `processor`, taken over every copy of the id (see paymentLinksOf). */
  paymentLinks: PaymentLink[];
}

/**
 * A partition's outcomes that were moved out of its lists into storage (see stageOutcomes), as
 * their share of the run's figures. All zero while the lists are complete.
 */
export interface StagedTally {
  /** Matched pairs plus matched groups. */
  matched: number;
  /** Discrepancies per kind. */
  counts: KindCounts;
  /** Sum of the discrepancies' amount at risk per currency, minor units. */
  atRiskByCurrency: Record<string, bigint>;
}

/**
 * Phase 1's result for one partition: plain data (see encodePartitionResult). Its size follows
 * the partition's outcomes other than matches and its leftovers; matched pairs and groups are
 * carried as ids because the run's result lists them.
 */
export interface PartitionResult {
  /** Records the partition read, both sides, copies included. */
  recordCount: number;
  /** Pairs with no discrepancy, unsorted. */
  matched: MatchedPair[];
  matchedGroups: MatchedGroup[];
  /** Discrepancies decided in the partition, already linked to their payments. */
  discrepancies: Discrepancy[];
  outOfWindow: OutOfWindow;
  figures: PartitionFigures;
  leftovers: PartitionLeftovers;
  /** Outcomes no longer in the lists above because they were stored elsewhere. */
  staged: StagedTally;
}
