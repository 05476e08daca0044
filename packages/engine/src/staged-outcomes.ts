// A partition's decided outcomes can be stored by the partition's own job (the staging tables)
// instead of travelling to the parent in its result: the parent then holds only what it still
// has to decide (the leftovers) and a tally of the rest, so its memory does not grow with the day.
import { emptyKindCounts, type Discrepancy } from "@recon/domain";
import type { PartitionResult, StagedTally } from "./partition-result";
import type { MatchedGroup, MatchedPair } from "./types";

/** What stageOutcomes takes out of a partition result, for the caller to store. */
export interface StagedOutcomes {
  discrepancies: Discrepancy[];
  /** Ids of records in a two-sided outcome (see pairedIdsOf). */
  pairedProcessorIds: string[];
  pairedInternalIds: string[];
}

export function emptyStagedTally(): StagedTally {
  return { matched: 0, counts: emptyKindCounts(), atRiskByCurrency: {} };
}

/** Adds `from` into `into`. */
export function mergeStagedTally(into: StagedTally, from: StagedTally): void {
  into.matched += from.matched;
  for (const [kind, n] of Object.entries(from.counts) as [keyof StagedTally["counts"], number][]) into.counts[kind] += n;
  for (const [currency, amount] of Object.entries(from.atRiskByCurrency)) {
    into.atRiskByCurrency[currency] = (into.atRiskByCurrency[currency] ?? 0n) + amount;
  }
}

/**
 * Splits a partition result into what the parent still needs (leftovers, figures, out-of-window
 * ids, and a tally of the moved outcomes) and the outcomes to store: its discrepancies and the
 * ids its pairs, groups and two-sided discrepancies resolve breaks with. settlePartitions over
 * the kept results gives the same figures as over the whole ones.
 */
export function stageOutcomes(result: PartitionResult): { kept: PartitionResult; staged: StagedOutcomes } {
  const tally = emptyStagedTally();
  mergeStagedTally(tally, result.staged);
  tally.matched += result.matched.length + result.matchedGroups.length;
  for (const d of result.discrepancies) {
    tally.counts[d.kind] += 1;
    tally.atRiskByCurrency[d.currency] = (tally.atRiskByCurrency[d.currency] ?? 0n) + d.amountAtRiskMinor;
  }
  return {
    kept: { ...result, matched: [], matchedGroups: [], discrepancies: [], staged: tally },
    staged: { discrepancies: result.discrepancies, ...pairedIdsOf(result) },
  };
}

/**
 * Ids on both sides of every two-sided outcome: matched pairs and groups, and discrepancies that
 * name both records. A later run that finds these ids resolves the open one-sided breaks of
 * other days that name them.
 */
export function pairedIdsOf(outcomes: {
  matched: readonly MatchedPair[];
  matchedGroups: readonly MatchedGroup[];
  discrepancies: readonly Discrepancy[];
}): { pairedProcessorIds: string[]; pairedInternalIds: string[] } {
  const pairedProcessorIds: string[] = [];
  const pairedInternalIds: string[] = [];
  for (const m of outcomes.matched) {
    pairedProcessorIds.push(m.processorId);
    pairedInternalIds.push(m.internalId);
  }
  for (const g of outcomes.matchedGroups) {
    for (const id of g.processorIds) pairedProcessorIds.push(id);
    for (const id of g.internalIds) pairedInternalIds.push(id);
  }
  for (const d of outcomes.discrepancies) {
    if (d.processorExternalId === null || d.internalExternalId === null) continue;
    pairedProcessorIds.push(d.processorExternalId);
    pairedInternalIds.push(d.internalExternalId);
  }
  return { pairedProcessorIds, pairedInternalIds };
}
