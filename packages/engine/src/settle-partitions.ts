import type { InternalTransaction, Processor, ProcessorTransaction } from "@recon/domain";
import { compareLedgerRecords, compareProcessorRecords } from "./canonical-order";
import { LedgerClaims, type ExportedClaims } from "./leftover-ledger";
import { LedgerIndex } from "./ledger-index";
import type { MatchState } from "./match-pass";
import { normalizeLedgerRecord, normalizeProcessorRecord } from "./normalize-records";
import { resolveMatchOptions, type MatchOptions } from "./options";
import { Outcomes, sortOutcomes, type OutcomeLists } from "./outcomes";
import type { PartitionResult } from "./partition-result";
import { tolerancePass } from "./passes/tolerance-pass";
import { linkToPayments, type PaymentLink } from "./payment-links";
import type { CurrencyVolume } from "./currency-volume";
import { computeFigures, mergeProcessorVolume } from "./run-figures";
import { emptyStagedTally, mergeStagedTally } from "./staged-outcomes";
import type { Presettled, ReconcileResult } from "./types";

export interface SettleInput {
  /** The processor being reconciled; every leftover record must belong to it. */
  processor: Processor;
  /** The options every partition ran with. */
  options?: MatchOptions;
  /** See ReconcileInput.presettled. */
  presettled?: Presettled;
  /**
   * One result per partition of a link-closed partitioning, in any order. Iterated once: a
   * generator that decodes each result only when asked lets the parent hold one partition's
   * result at a time, beyond the leftovers it keeps.
   */
  partitions: Iterable<PartitionResult>;
}

/**
 * Phase 2, run once over every partition's result: merges them, runs the tolerance pass over
 * all leftovers (it pairs records that share no link key, so they may sit in different
 * partitions), classifies what is still unpaired and computes the figures. The result is the
 * one reconcile() gives for all the partitions' records together, except that outcomes a
 * partition staged elsewhere (stageOutcomes) are only counted in the figures, not listed.
 */
export function settlePartitions(input: SettleInput): ReconcileResult {
  const options = resolveMatchOptions(input.options);
  const merged: OutcomeLists = { matched: [], matchedGroups: [], discrepancies: [], outOfWindow: { processorIds: [], internalIds: [] } };
  const processorVolume: Record<string, CurrencyVolume> = {};
  let internalCount = 0;
  const staged = emptyStagedTally();
  const pending: ProcessorTransaction[] = [];
  const leftoverLedger: InternalTransaction[] = [];
  const links = new Map<string, PaymentLink>();
  const keyedClaims: ExportedClaims[] = [];
  for (const partition of input.partitions) {
    append(merged, partition);
    mergeProcessorVolume(processorVolume, partition.figures.processorVolume);
    internalCount += partition.figures.internalCount;
    mergeStagedTally(staged, partition.staged);
    // Checked again here: a result decoded from storage may belong to another run.
    for (const p of partition.leftovers.processor) pending.push(normalizeProcessorRecord(p, input.processor));
    for (const l of partition.leftovers.ledger) leftoverLedger.push(normalizeLedgerRecord(l, input.processor));
    for (const link of partition.leftovers.paymentLinks) links.set(link.processorId, link);
    keyedClaims.push(partition.leftovers.claims);
  }

  // The canonical orders the partitions' passes saw, now over every partition's leftovers.
  const state: MatchState = {
    ledger: new LedgerIndex(leftoverLedger.sort(compareLedgerRecords)),
    pending: pending.sort(compareProcessorRecords),
    pairings: [],
    groupings: [],
    options,
  };
  tolerancePass.run(state);

  const settled = new Outcomes(options.window);
  settled.addPairings(state.pairings);
  const missingInInternal = settled.addUnpaired(state.pending);
  // Keyed pairings were made before tolerance pairings, so their claims come first.
  const claims = LedgerClaims.merge(keyedClaims);
  claims.add(state.pairings);
  settled.addUnconsumed(state.ledger.unconsumed(), claims);
  // The partitions linked their own discrepancies; these name only leftover processor records.
  linkToPayments(settled.discrepancies, links);

  append(merged, settled);
  sortOutcomes(merged);

  return {
    matched: merged.matched,
    matchedGroups: merged.matchedGroups,
    outOfWindow: merged.outOfWindow,
    discrepancies: merged.discrepancies,
    missingInInternal,
    figures: computeFigures({
      processorVolume,
      internalCount,
      matchedCount: merged.matched.length + merged.matchedGroups.length,
      discrepancies: merged.discrepancies,
      staged,
      missingInInternal,
      presettled: input.presettled,
    }),
  };
}

// A loop, not push(...list): a partition's matched list can exceed JavaScript's argument count limit.
function append(into: OutcomeLists, from: OutcomeLists): void {
  for (const m of from.matched) into.matched.push(m);
  for (const g of from.matchedGroups) into.matchedGroups.push(g);
  for (const d of from.discrepancies) into.discrepancies.push(d);
  for (const id of from.outOfWindow.processorIds) into.outOfWindow.processorIds.push(id);
  for (const id of from.outOfWindow.internalIds) into.outOfWindow.internalIds.push(id);
}
