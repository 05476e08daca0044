import { absBigInt, type Discrepancy, type DiscrepancyKind, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";

/**
 * A discrepancy about one processor record alone. Only its side is set: the record it may collide
 * with has its own outcome and is named in the reason, so every record has exactly one outcome.
 */
export function processorOnly(p: ProcessorTransaction, kind: DiscrepancyKind, reason: string): Discrepancy {
  return {
    kind,
    processorExternalId: p.externalId,
    internalExternalId: null,
    currency: p.currency,
    processorAmountMinor: p.grossMinor,
    internalAmountMinor: null,
    amountAtRiskMinor: absBigInt(p.grossMinor),
    reason,
  };
}

/** A discrepancy about one ledger row alone (see processorOnly). */
export function ledgerOnly(l: InternalTransaction, kind: DiscrepancyKind, reason: string): Discrepancy {
  return {
    kind,
    processorExternalId: null,
    internalExternalId: l.externalId,
    currency: l.currency,
    processorAmountMinor: null,
    internalAmountMinor: l.grossMinor,
    amountAtRiskMinor: absBigInt(l.grossMinor),
    reason,
  };
}
