import { formatMoney, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";

/**
 * The human sentences stored with each discrepancy. They name both sides' values so an
 * operator reading a report or a Slack alert needs no second lookup to see what differs.
 */

export function currencyMismatchReason(p: ProcessorTransaction, l: InternalTransaction): string {
  return `currency differs: ledger ${formatMoney(l.grossMinor, l.currency)} vs processor ${formatMoney(p.grossMinor, p.currency)}`;
}

export function amountMismatchReason(p: ProcessorTransaction, l: InternalTransaction): string {
  return `amount differs: ledger ${formatMoney(l.grossMinor, l.currency)} vs processor ${formatMoney(p.grossMinor, p.currency)}`;
}

export function statusMismatchReason(p: ProcessorTransaction, l: InternalTransaction): string {
  const raw = p.rawStatus !== "" && p.rawStatus !== p.status ? ` (${p.rawStatus})` : "";
  return `status differs: ledger ${l.status} vs processor ${p.status}${raw}`;
}

export function feeMismatchReason(p: ProcessorTransaction, ledgerFee: bigint, currency: string): string {
  return `fee differs: ledger ${formatMoney(ledgerFee, currency)} vs processor ${formatMoney(p.feeMinor, currency)}`;
}

export function missingInInternalReason(p: ProcessorTransaction): string {
  const related = p.relatedIds.length > 0 ? ` (also known as ${p.relatedIds.join(", ")})` : "";
  return `processor ${p.externalId}${related} ${formatMoney(p.grossMinor, p.currency)} ${p.status} has no ledger record`;
}

export function missingInProcessorReason(l: InternalTransaction): string {
  const ref = l.processorRef === null ? "no processor ref" : `processor ref ${l.processorRef}`;
  return `ledger ${l.externalId} ${formatMoney(l.grossMinor, l.currency)} ${l.status} (${ref}) has no processor record`;
}

export function duplicateProcessorReason(p: ProcessorTransaction): string {
  return `processor id ${p.externalId} appears more than once; this copy ${formatMoney(p.grossMinor, p.currency)} ${p.status} is a duplicate`;
}

export function duplicateLedgerIdReason(l: InternalTransaction): string {
  return `ledger id ${l.externalId} appears more than once; this copy ${formatMoney(l.grossMinor, l.currency)} is a duplicate`;
}

/** A ledger row whose processor ref points at money another ledger row already accounts for. */
export function duplicateLedgerRefReason(
  l: InternalTransaction,
  processorId: string,
  keptLedgerId: string,
): string {
  return `ledger ${l.externalId} ${formatMoney(l.grossMinor, l.currency)} claims processor ${processorId} (via ${l.processorRef}), already matched to ledger ${keptLedgerId}`;
}

/** Two or more unmatched ledger rows naming the same processor ref: the first is reported missing, the rest duplicates. */
export function duplicateUnmatchedLedgerReason(l: InternalTransaction, keptLedgerId: string): string {
  return `ledger ${l.externalId} ${formatMoney(l.grossMinor, l.currency)} repeats processor ref ${l.processorRef} of ledger ${keptLedgerId}`;
}

function isoMinute(at: Date): string {
  return at.toISOString().slice(0, 16).replace("T", " ");
}

/** A pair that agrees in every field but falls on two sides of the day boundary. */
export function timingReason(p: ProcessorTransaction, l: InternalTransaction): string {
  return `processor ${p.externalId} at ${isoMinute(p.occurredAt)} UTC booked by ledger ${l.externalId} at ${isoMinute(l.occurredAt)} UTC, on the other side of the day boundary (${formatMoney(p.grossMinor, p.currency)})`;
}

export function groupReason(processorIds: string[], internalIds: string[], amount: bigint, currency: string): string {
  return `processor ${processorIds.join(" + ")} sums exactly to ledger ${internalIds.join(" + ")} (${formatMoney(amount, currency)})`;
}
