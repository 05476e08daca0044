import type { TransactionStatus } from "@recon/domain";

/** What a journal line is about: the payment itself, one of its refunds, or one of its disputes. */
export type JournalSubject = "payment" | "refund" | "dispute";

export interface JournalType {
  subject: JournalSubject;
  /** The status of the record once this is its latest journal. */
  status: TransactionStatus;
  /** Lifecycle order: breaks ties between journals booked in the same second. */
  rank: number;
  /** +1 when a booked line credits the merchant, -1 when it debits (checks Payable). */
  direction: 1 | -1;
}

/**
 * The journal types of the Payment accounting report ("Record Type"), as Adyen's payments
 * lifecycle and journal types describe them:
 * https://docs.adyen.com/reporting/reports-and-the-payments-lifecycle
 * https://docs.adyen.com/developers/reporting/settlement-detail-report/settlement-detail-report-structure/journal-types
 * A payment is pending until it is settled, failed when refused, cancelled, expired or in error.
 * A refund is pending while SentForRefund, failed when it fails or the scheme returns it. A
 * dispute's money is gone once charged back and comes back (refunded) when the chargeback is
 * reversed; a second chargeback takes it again.
 */
const JOURNAL_TYPES: Readonly<Record<string, JournalType>> = {
  Received: { subject: "payment", status: "pending", rank: 0, direction: 1 },
  Authorised: { subject: "payment", status: "pending", rank: 1, direction: 1 },
  AuthorisedPending: { subject: "payment", status: "pending", rank: 1, direction: 1 },
  Refused: { subject: "payment", status: "failed", rank: 2, direction: 1 },
  Cancelled: { subject: "payment", status: "failed", rank: 2, direction: 1 },
  Expired: { subject: "payment", status: "failed", rank: 2, direction: 1 },
  Error: { subject: "payment", status: "failed", rank: 2, direction: 1 },
  SentForSettle: { subject: "payment", status: "pending", rank: 3, direction: 1 },
  CaptureFailed: { subject: "payment", status: "failed", rank: 4, direction: 1 },
  Settled: { subject: "payment", status: "succeeded", rank: 4, direction: 1 },
  SettledBulk: { subject: "payment", status: "succeeded", rank: 4, direction: 1 },
  SettledExternally: { subject: "payment", status: "succeeded", rank: 4, direction: 1 },
  SentForRefund: { subject: "refund", status: "pending", rank: 0, direction: -1 },
  Refunded: { subject: "refund", status: "succeeded", rank: 1, direction: -1 },
  RefundedBulk: { subject: "refund", status: "succeeded", rank: 1, direction: -1 },
  RefundedExternally: { subject: "refund", status: "succeeded", rank: 1, direction: -1 },
  RefundFailed: { subject: "refund", status: "failed", rank: 2, direction: -1 },
  RefundedReversed: { subject: "refund", status: "failed", rank: 2, direction: 1 },
  Chargeback: { subject: "dispute", status: "succeeded", rank: 0, direction: -1 },
  ChargebackExternally: { subject: "dispute", status: "succeeded", rank: 0, direction: -1 },
  ChargebackReversed: { subject: "dispute", status: "refunded", rank: 1, direction: 1 },
  ChargebackReversedExternally: { subject: "dispute", status: "refunded", rank: 1, direction: 1 },
  SecondChargeback: { subject: "dispute", status: "succeeded", rank: 2, direction: -1 },
};

/** The journals that open a record: its creation time is theirs. */
export const OPENING_JOURNALS: ReadonlySet<string> = new Set(["Received", "Authorised", "SentForRefund", "Chargeback", "ChargebackExternally"]);

export function journalType(name: string): JournalType {
  const type = Object.hasOwn(JOURNAL_TYPES, name) ? JOURNAL_TYPES[name] : undefined;
  if (!type) throw new Error(`unknown journal type "${name}" (the Payment accounting report lists payment, refund and chargeback journals only)`);
  return type;
}
