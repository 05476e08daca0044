import { absBigInt, type Discrepancy, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import {
  compareDiscrepancies,
  compareLedgerRecords,
  compareProcessorRecords,
  compareStrings,
} from "./canonical-order";
import { collect } from "./collect";
import { comparePair } from "./compare-pair";
import { classifyLeftoverLedger } from "./leftover-ledger";
import { LedgerIndex } from "./ledger-index";
import type { MatchPass, MatchState } from "./match-pass";
import { ledgerOnly, processorOnly } from "./one-sided";
import { normalizeLedgerRecord, normalizeProcessorRecord } from "./normalize-records";
import { inWindow, resolveMatchOptions } from "./options";
import { externalIdPass } from "./passes/external-id-pass";
import { groupedPass } from "./passes/grouped-pass";
import { referencePass } from "./passes/reference-pass";
import { relatedIdPass } from "./passes/related-id-pass";
import { tolerancePass } from "./passes/tolerance-pass";
import { duplicateLedgerIdReason, duplicateProcessorReason, groupReason, missingInInternalReason, timingReason } from "./reasons";
import { computeFigures } from "./run-figures";
import { splitDuplicates } from "./split-duplicates";
import type { MatchedGroup, MatchedPair, ReconcileInput, ReconcileResult } from "./types";

/**
 * The passes of a run, most certain first: ids, then the merchant reference with the exact
 * amount, then exact sums of several records of one reference, then closest-within-tolerance.
 */
export const DEFAULT_PASSES: readonly MatchPass[] = [externalIdPass, relatedIdPass, referencePass, groupedPass, tolerancePass];

/**
 * Joins one processor's records with the ledger's. Every input record ends in exactly one
 * outcome: a clean match (pair or group), one discrepancy (a pair that disagrees yields one
 * discrepancy covering both records), or out-of-window (its outcome belongs to a neighbouring
 * day's run). The result depends only on the set of input records, never on their order.
 */
export async function reconcile(
  input: ReconcileInput,
  passes: readonly MatchPass[] = DEFAULT_PASSES,
): Promise<ReconcileResult> {
  const options = resolveMatchOptions(input.options);
  const [rawProcessor, rawLedger] = await Promise.all([
    collect(input.processorTransactions),
    collect(input.internalTransactions),
  ]);
  const processorRecords = rawProcessor.map((record) => normalizeProcessorRecord(record, input.processor));
  const ledgerRecords = rawLedger.map((record) => normalizeLedgerRecord(record, input.processor));

  const processor = splitDuplicates(processorRecords, (r) => r.externalId, compareProcessorRecords);
  const ledger = splitDuplicates(ledgerRecords, (r) => r.externalId, compareLedgerRecords);

  const state: MatchState = {
    ledger: new LedgerIndex(ledger.unique),
    pending: processor.unique,
    pairings: [],
    groupings: [],
    options,
  };
  for (const pass of passes) pass.run(state);

  const { window } = options;
  const inDayP = (p: ProcessorTransaction): boolean => inWindow(window, p.occurredAt);
  const inDayL = (l: InternalTransaction): boolean => inWindow(window, l.occurredAt);
  const outProcessor: string[] = [];
  const outLedger: string[] = [];

  const matched: MatchedPair[] = [];
  const discrepancies: Discrepancy[] = [];
  for (const pairing of state.pairings) {
    const { processor: p, ledger: l } = pairing;
    if (!inDayP(p)) {
      outProcessor.push(p.externalId);
      outLedger.push(l.externalId);
      continue;
    }
    const discrepancy = comparePair(p, l);
    if (discrepancy !== null) discrepancies.push(discrepancy);
    else if (!inDayL(l)) {
      discrepancies.push({
        kind: "timing",
        processorExternalId: p.externalId,
        internalExternalId: l.externalId,
        currency: p.currency,
        processorAmountMinor: p.grossMinor,
        internalAmountMinor: l.grossMinor,
        amountAtRiskMinor: absBigInt(p.grossMinor),
        reason: timingReason(p, l),
      });
    } else matched.push({ processorId: p.externalId, internalId: l.externalId });
  }

  const matchedGroups: MatchedGroup[] = [];
  for (const grouping of state.groupings) {
    const processorIds = grouping.processor.map((p) => p.externalId).sort(compareStrings);
    const internalIds = grouping.ledger.map((l) => l.externalId).sort(compareStrings);
    if (!grouping.processor.some(inDayP)) {
      outProcessor.push(...processorIds);
      outLedger.push(...internalIds);
      continue;
    }
    const processorAmountMinor = grouping.processor.reduce((sum, p) => sum + p.grossMinor, 0n);
    const internalAmountMinor = grouping.ledger.reduce((sum, l) => sum + l.grossMinor, 0n);
    const currency = grouping.processor[0]!.currency;
    matchedGroups.push({
      processorIds,
      internalIds,
      currency,
      processorAmountMinor,
      internalAmountMinor,
      pass: grouping.pass,
      reason: groupReason(processorIds, internalIds, processorAmountMinor, currency),
    });
  }

  const missingInInternal: ProcessorTransaction[] = [];
  for (const p of [...state.pending].sort(
    (a, b) => compareStrings(a.externalId, b.externalId) || compareProcessorRecords(a, b),
  )) {
    if (inDayP(p)) missingInInternal.push(p);
    else outProcessor.push(p.externalId);
  }
  for (const p of missingInInternal) discrepancies.push(processorOnly(p, "missing_in_internal", missingInInternalReason(p)));
  for (const p of processor.duplicates) {
    if (inDayP(p)) discrepancies.push(processorOnly(p, "duplicate", duplicateProcessorReason(p)));
    else outProcessor.push(p.externalId);
  }
  for (const l of ledger.duplicates) {
    if (inDayL(l)) discrepancies.push(ledgerOnly(l, "duplicate", duplicateLedgerIdReason(l)));
    else outLedger.push(l.externalId);
  }
  for (const d of classifyLeftoverLedger(state.ledger.unconsumed(), state.pairings)) {
    const l = d.internalExternalId === null ? undefined : ledgerById(ledger.unique, d.internalExternalId);
    if (l !== undefined && !inDayL(l)) outLedger.push(l.externalId);
    else discrepancies.push(d);
  }

  linkToPayments(discrepancies, [...processor.unique, ...processor.duplicates]);

  matched.sort(
    (a, b) => compareStrings(a.processorId, b.processorId) || compareStrings(a.internalId, b.internalId),
  );
  matchedGroups.sort((a, b) => compareStrings(a.internalIds[0]!, b.internalIds[0]!) || compareStrings(a.processorIds[0]!, b.processorIds[0]!));
  discrepancies.sort(compareDiscrepancies);

  return {
    matched,
    matchedGroups,
    outOfWindow: { processorIds: outProcessor.sort(compareStrings), internalIds: outLedger.sort(compareStrings) },
    discrepancies,
    missingInInternal,
    figures: computeFigures({
      processorRecords: processor.unique.filter(inDayP),
      internalCount: ledger.unique.filter(inDayL).length,
      matchedCount: matched.length + matchedGroups.length,
      discrepancies,
      missingInInternal,
      ...(input.presettled ? { presettled: input.presettled } : {}),
    }),
  };
}

// Built lazily once per result: the leftover classifier reports ids, the window needs times.
const ledgerMaps = new WeakMap<readonly InternalTransaction[], Map<string, InternalTransaction>>();
function ledgerById(records: readonly InternalTransaction[], id: string): InternalTransaction | undefined {
  let map = ledgerMaps.get(records);
  if (!map) {
    map = new Map(records.map((r) => [r.externalId, r]));
    ledgerMaps.set(records, map);
  }
  return map.get(id);
}

/**
 * Refunds, disputes and payouts are reconciled as records of their own; their discrepancies say
 * which payment they belong to (the related ids they share with it), so an operator can find it.
 */
function linkToPayments(discrepancies: Discrepancy[], records: readonly ProcessorTransaction[]): void {
  const linked = new Map<string, ProcessorTransaction>();
  for (const r of records) if (r.type !== "payment" && r.relatedIds.length > 0) linked.set(r.externalId, r);
  if (linked.size === 0) return;
  for (let i = 0; i < discrepancies.length; i++) {
    const d = discrepancies[i]!;
    const r = d.processorExternalId === null ? undefined : linked.get(d.processorExternalId);
    if (r !== undefined) discrepancies[i] = { ...d, reason: `${d.reason} [${r.type} of payment ${r.relatedIds.join(" / ")}]` };
  }
}
