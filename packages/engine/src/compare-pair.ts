import {
  absBigInt,
  type Discrepancy,
  type InternalTransaction,
  type ProcessorTransaction,
} from "@recon/domain";
import {
  amountMismatchReason,
  currencyMismatchReason,
  feeMismatchReason,
  statusMismatchReason,
} from "./reasons";

/**
 * Checks a processor record against the ledger record it was paired with. At most one
 * discrepancy, in a fixed precedence: a wrong currency makes the amounts incomparable, a wrong
 * amount matters more than a wrong status, and fees are checked last because the ledger often
 * does not record them (null fee = not checked). Returns null when the pair agrees.
 *
 * Both records' currencies must already be normalised (upper case).
 */
export function comparePair(p: ProcessorTransaction, l: InternalTransaction): Discrepancy | null {
  const base = {
    processorExternalId: p.externalId,
    internalExternalId: l.externalId,
    processorAmountMinor: p.grossMinor,
    internalAmountMinor: l.grossMinor,
  };
  if (p.currency !== l.currency) {
    // No rate to compare across currencies: the whole processor amount is in doubt.
    return {
      ...base,
      kind: "currency_mismatch",
      currency: p.currency,
      amountAtRiskMinor: absBigInt(p.grossMinor),
      reason: currencyMismatchReason(p, l),
    };
  }
  if (p.grossMinor !== l.grossMinor) {
    return {
      ...base,
      kind: "amount_mismatch",
      currency: p.currency,
      amountAtRiskMinor: absBigInt(p.grossMinor - l.grossMinor),
      reason: amountMismatchReason(p, l),
    };
  }
  if (p.status !== l.status) {
    // The amounts agree but one side thinks the money moved and the other may not: all of it is at stake.
    return {
      ...base,
      kind: "status_mismatch",
      currency: p.currency,
      amountAtRiskMinor: absBigInt(p.grossMinor),
      reason: statusMismatchReason(p, l),
    };
  }
  if (l.feeMinor !== null && l.feeMinor !== p.feeMinor) {
    return {
      ...base,
      kind: "fee_mismatch",
      currency: p.currency,
      amountAtRiskMinor: absBigInt(p.feeMinor - l.feeMinor),
      reason: feeMismatchReason(p, l.feeMinor, p.currency),
    };
  }
  return null;
}
