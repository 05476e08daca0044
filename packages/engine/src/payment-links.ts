import type { Discrepancy, ProcessorTransaction, TransactionType } from "@recon/domain";

/** What a refund, dispute or payout's discrepancies say about the payment it belongs to. */
export interface PaymentLink {
  processorId: string;
  type: TransactionType;
  relatedIds: string[];
}

/**
 * The link of each processor id that has one: a record that is not a payment and shares related
 * ids with its payment. When copies of an id differ, the last in `records` order wins.
 *
 * @param records every copy of every id: unique records first, then duplicates, each in canonical order
 */
export function paymentLinksOf(records: readonly ProcessorTransaction[]): Map<string, PaymentLink> {
  const links = new Map<string, PaymentLink>();
  for (const r of records) {
    if (r.type !== "payment" && r.relatedIds.length > 0)
      links.set(r.externalId, { processorId: r.externalId, type: r.type, relatedIds: r.relatedIds });
  }
  return links;
}

/**
 * Refunds, disputes and payouts are reconciled as records of their own; their discrepancies say
 * which payment they belong to (the related ids they share with it), so an operator can find it.
 */
export function linkToPayments(discrepancies: Discrepancy[], links: ReadonlyMap<string, PaymentLink>): void {
  if (links.size === 0) return;
  for (let i = 0; i < discrepancies.length; i++) {
    const d = discrepancies[i]!;
    const link = d.processorExternalId === null ? undefined : links.get(d.processorExternalId);
    if (link !== undefined)
      discrepancies[i] = { ...d, reason: `${d.reason} [${link.type} of payment ${link.relatedIds.join(" / ")}]` };
  }
}
