/** The processors we reconcile. Order is the default order of a run. */
export const PROCESSORS = ["stripe", "paypal", "square", "adyen"] as const;
export type Processor = (typeof PROCESSORS)[number];

/** Where a transaction came from: a processor, or the company's own ledger. */
export const SOURCES = [...PROCESSORS, "internal"] as const;
export type Source = (typeof SOURCES)[number];

/** Normalised status shared by every source (the ledger CSV uses exactly these). */
export const TRANSACTION_STATUSES = ["succeeded", "pending", "failed", "refunded"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/**
 * What a record's money is: a customer payment, its refund or dispute, a payout to the bank, a
 * transfer to another account (Stripe Connect), a top-up of the balance from the bank, a fee the
 * processor charged on its own, or any other adjustment of the balance.
 */
export const TRANSACTION_TYPES = ["payment", "refund", "dispute", "payout", "transfer", "topup", "fee", "adjustment"] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export function isProcessor(value: string): value is Processor {
  return (PROCESSORS as readonly string[]).includes(value);
}

/**
 * A processor's record of money movement, normalised. Amounts are integer minor units of
 * `currency` (ISO 4217 exponent), signed: debits such as refunds are negative.
 */
export interface ProcessorTransaction {
  processor: Processor;
  /** The processor's own unique id of this record (Stripe txn_, PayPal transaction id, Square payment id). */
  externalId: string;
  /**
   * Every other id the processor gives for the same money (Stripe charge / payment intent,
   * PayPal reference id, Square order id). The ledger's processor_ref may name any of these.
   */
  relatedIds: string[];
  /** The merchant's own order reference, when the processor carries it. */
  reference: string | null;
  merchantId: string | null;
  grossMinor: bigint;
  feeMinor: bigint;
  netMinor: bigint;
  currency: string;
  status: TransactionStatus;
  rawStatus: string;
  type: TransactionType;
  occurredAt: Date;
  /** The record as the processor sent it, kept for audit and reports. */
  raw: unknown;
}

/** A record of the company's own ledger. */
export interface InternalTransaction {
  /** The ledger's own id. */
  externalId: string;
  processor: Processor;
  /** The processor's id for this payment, when the ledger knows it. */
  processorRef: string | null;
  reference: string | null;
  grossMinor: bigint;
  /** The fee the ledger expects, when it records one. */
  feeMinor: bigint | null;
  currency: string;
  status: TransactionStatus;
  occurredAt: Date;
  raw: unknown;
}

/** A processor transaction absent from the ledger, as the legacy missing_transactions table and reports list it. */
export interface MissingTransactionRow {
  transactionId: string;
  processorName: string;
  /** Signed integer minor units of `currency` (refunds are negative). */
  amountMinor: bigint;
  currency: string;
  status: string;
  merchantId: string | null;
  transactionDate: Date;
  referenceNumber: string | null;
  feeMinor: bigint;
}
