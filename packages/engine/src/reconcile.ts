import type { Discrepancy, ProcessorTransaction } from "@recon/domain";
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
import { externalIdPass } from "./passes/external-id-pass";
import { relatedIdPass } from "./passes/related-id-pass";
import { duplicateLedgerIdReason, duplicateProcessorReason, missingInInternalReason } from "./reasons";
import { computeFigures } from "./run-figures";
import { splitDuplicates } from "./split-duplicates";
import type { MatchedPair, ReconcileInput, ReconcileResult } from "./types";

/** The passes of a run, most certain first. */
export const DEFAULT_PASSES: readonly MatchPass[] = [externalIdPass, relatedIdPass];

/**
 * Joins one processor's records with the ledger's. Every input record ends in exactly one
 * outcome: a clean match, or one discrepancy (a pair that disagrees yields one discrepancy
 * covering both records). The result depends only on the set of input records, never on
 * their order.
 */
export async function reconcile(
  input: ReconcileInput,
  passes: readonly MatchPass[] = DEFAULT_PASSES,
): Promise<ReconcileResult> {
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
  };
  for (const pass of passes) pass.run(state);

  const matched: MatchedPair[] = [];
  const discrepancies: Discrepancy[] = [];
  for (const pairing of state.pairings) {
    const discrepancy = comparePair(pairing.processor, pairing.ledger);
    if (discrepancy === null)
      matched.push({ processorId: pairing.processor.externalId, internalId: pairing.ledger.externalId });
    else discrepancies.push(discrepancy);
  }

  const missingInInternal: ProcessorTransaction[] = [...state.pending].sort(
    (a, b) => compareStrings(a.externalId, b.externalId) || compareProcessorRecords(a, b),
  );
  for (const p of missingInInternal) discrepancies.push(processorOnly(p, "missing_in_internal", missingInInternalReason(p)));
  for (const p of processor.duplicates) discrepancies.push(processorOnly(p, "duplicate", duplicateProcessorReason(p)));
  for (const l of ledger.duplicates) discrepancies.push(ledgerOnly(l, "duplicate", duplicateLedgerIdReason(l)));
  discrepancies.push(...classifyLeftoverLedger(state.ledger.unconsumed(), state.pairings));

  matched.sort(
    (a, b) => compareStrings(a.processorId, b.processorId) || compareStrings(a.internalId, b.internalId),
  );
  discrepancies.sort(compareDiscrepancies);

  return {
    matched,
    discrepancies,
    missingInInternal,
    figures: computeFigures({
      processorRecords: processor.unique,
      internalCount: ledger.unique.length,
      matchedCount: matched.length,
      discrepancies,
      missingInInternal,
    }),
  };
}
