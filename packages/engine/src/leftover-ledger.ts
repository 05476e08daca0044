import type { Discrepancy, InternalTransaction } from "@recon/domain";
import type { Pairing } from "./match-pass";
import { ledgerOnly } from "./one-sided";
import {
  duplicateLedgerRefReason,
  duplicateUnmatchedLedgerReason,
  missingInProcessorReason,
} from "./reasons";

interface Claim {
  processorId: string;
  ledgerId: string;
}

/**
 * Classifies the ledger rows no pass consumed. A row whose processor ref names money already
 * paired (the same ref as a consumed row, or any id of a paired processor record) books that
 * money a second time: duplicate. Among rows naming the same unknown ref, the first is
 * missing_in_processor and the rest duplicates of it. Everything else is missing_in_processor.
 *
 * @param unconsumed unique-id ledger rows in canonical order
 * @param pairings every pairing, in the order the passes made them
 */
export function classifyLeftoverLedger(
  unconsumed: readonly InternalTransaction[],
  pairings: readonly Pairing[],
): Discrepancy[] {
  const claimedByRef = new Map<string, Claim>();
  const claimedByProcessorId = new Map<string, Claim>();
  for (const { processor, ledger } of pairings) {
    const claim = { processorId: processor.externalId, ledgerId: ledger.externalId };
    if (ledger.processorRef !== null && !claimedByRef.has(ledger.processorRef))
      claimedByRef.set(ledger.processorRef, claim);
    for (const id of [processor.externalId, ...processor.relatedIds]) {
      if (!claimedByProcessorId.has(id)) claimedByProcessorId.set(id, claim);
    }
  }

  const firstUnmatchedByRef = new Map<string, string>();
  return unconsumed.map((l) => {
    if (l.processorRef === null) return ledgerOnly(l, "missing_in_processor", missingInProcessorReason(l));
    const claim = claimedByRef.get(l.processorRef) ?? claimedByProcessorId.get(l.processorRef);
    if (claim)
      return ledgerOnly(l, "duplicate", duplicateLedgerRefReason(l, claim.processorId, claim.ledgerId));
    const kept = firstUnmatchedByRef.get(l.processorRef);
    if (kept !== undefined) return ledgerOnly(l, "duplicate", duplicateUnmatchedLedgerReason(l, kept));
    firstUnmatchedByRef.set(l.processorRef, l.externalId);
    return ledgerOnly(l, "missing_in_processor", missingInProcessorReason(l));
  });
}
