import { absBigInt, type Discrepancy, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import { compareDiscrepancies, compareProcessorRecords, compareStrings } from "./canonical-order";
import { comparePair } from "./compare-pair";
import { classifyLeftoverLedger, type LedgerClaims } from "./leftover-ledger";
import type { Grouping, Pairing } from "./match-pass";
import { ledgerOnly, processorOnly } from "./one-sided";
import { inWindow, type DayWindow } from "./options";
import { duplicateLedgerIdReason, duplicateProcessorReason, groupReason, missingInInternalReason, timingReason } from "./reasons";
import type { MatchedGroup, MatchedPair, OutOfWindow } from "./types";

/** The outcome lists of a run, or of the part of it one phase decided. */
export interface OutcomeLists {
  matched: MatchedPair[];
  matchedGroups: MatchedGroup[];
  discrepancies: Discrepancy[];
  outOfWindow: OutOfWindow;
}

/**
 * Turns what the passes decided into outcomes, applying the day window: a pair whose processor
 * side is outside the day belongs to a neighbouring run, a pair straddling the boundary is
 * timing, a lone record outside the day belongs to a neighbouring run. Both phases use it, so
 * a decision is turned into the same outcome whichever phase made it.
 */
export class Outcomes implements OutcomeLists {
  readonly matched: MatchedPair[] = [];
  readonly matchedGroups: MatchedGroup[] = [];
  readonly discrepancies: Discrepancy[] = [];
  readonly outOfWindow: OutOfWindow = { processorIds: [], internalIds: [] };

  constructor(private readonly window: DayWindow | null) {}

  inDay(record: ProcessorTransaction | InternalTransaction): boolean {
    return inWindow(this.window, record.occurredAt);
  }

  addPairings(pairings: readonly Pairing[]): void {
    for (const { processor: p, ledger: l } of pairings) {
      if (!this.inDay(p)) {
        this.outOfWindow.processorIds.push(p.externalId);
        this.outOfWindow.internalIds.push(l.externalId);
        continue;
      }
      const discrepancy = comparePair(p, l);
      if (discrepancy !== null) this.discrepancies.push(discrepancy);
      else if (!this.inDay(l)) {
        this.discrepancies.push({
          kind: "timing",
          processorExternalId: p.externalId,
          internalExternalId: l.externalId,
          currency: p.currency,
          processorAmountMinor: p.grossMinor,
          internalAmountMinor: l.grossMinor,
          amountAtRiskMinor: absBigInt(p.grossMinor),
          reason: timingReason(p, l),
        });
      } else this.matched.push({ processorId: p.externalId, internalId: l.externalId });
    }
  }

  addGroupings(groupings: readonly Grouping[]): void {
    for (const grouping of groupings) {
      const processorIds = grouping.processor.map((p) => p.externalId).sort(compareStrings);
      const internalIds = grouping.ledger.map((l) => l.externalId).sort(compareStrings);
      if (!grouping.processor.some((p) => this.inDay(p))) {
        this.outOfWindow.processorIds.push(...processorIds);
        this.outOfWindow.internalIds.push(...internalIds);
        continue;
      }
      const processorAmountMinor = grouping.processor.reduce((sum, p) => sum + p.grossMinor, 0n);
      const internalAmountMinor = grouping.ledger.reduce((sum, l) => sum + l.grossMinor, 0n);
      const currency = grouping.processor[0]!.currency;
      this.matchedGroups.push({
        processorIds,
        internalIds,
        currency,
        processorAmountMinor,
        internalAmountMinor,
        pass: grouping.pass,
        reason: groupReason(processorIds, internalIds, processorAmountMinor, currency),
      });
    }
  }

  /** Extra copies of an id, on either side. */
  addDuplicates(processor: readonly ProcessorTransaction[], ledger: readonly InternalTransaction[]): void {
    for (const p of processor) {
      if (this.inDay(p)) this.discrepancies.push(processorOnly(p, "duplicate", duplicateProcessorReason(p)));
      else this.outOfWindow.processorIds.push(p.externalId);
    }
    for (const l of ledger) {
      if (this.inDay(l)) this.discrepancies.push(ledgerOnly(l, "duplicate", duplicateLedgerIdReason(l)));
      else this.outOfWindow.internalIds.push(l.externalId);
    }
  }

  /**
   * Processor records no pass paired.
   * @returns the in-day ones, reported missing_in_internal, sorted by externalId
   */
  addUnpaired(pending: readonly ProcessorTransaction[]): ProcessorTransaction[] {
    const missingInInternal: ProcessorTransaction[] = [];
    for (const p of [...pending].sort((a, b) => compareStrings(a.externalId, b.externalId) || compareProcessorRecords(a, b))) {
      if (this.inDay(p)) missingInInternal.push(p);
      else this.outOfWindow.processorIds.push(p.externalId);
    }
    for (const p of missingInInternal) this.discrepancies.push(processorOnly(p, "missing_in_internal", missingInInternalReason(p)));
    return missingInInternal;
  }

  /** Ledger rows no pass consumed, in canonical order, classified against every claim of the run. */
  addUnconsumed(unconsumed: readonly InternalTransaction[], claims: LedgerClaims): void {
    classifyLeftoverLedger(unconsumed, claims).forEach((d, i) => {
      const l = unconsumed[i]!;
      if (this.inDay(l)) this.discrepancies.push(d);
      else this.outOfWindow.internalIds.push(l.externalId);
    });
  }
}

/** Every list in its canonical order, so the result does not depend on which phase or partition decided what. */
export function sortOutcomes(lists: OutcomeLists): void {
  lists.matched.sort((a, b) => compareStrings(a.processorId, b.processorId) || compareStrings(a.internalId, b.internalId));
  lists.matchedGroups.sort(
    (a, b) => compareStrings(a.internalIds[0]!, b.internalIds[0]!) || compareStrings(a.processorIds[0]!, b.processorIds[0]!),
  );
  lists.discrepancies.sort(compareDiscrepancies);
  lists.outOfWindow.processorIds.sort(compareStrings);
  lists.outOfWindow.internalIds.sort(compareStrings);
}
