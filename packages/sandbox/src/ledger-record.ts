import type { Processor, TransactionStatus } from "@recon/domain";

/**
 * The internal ledger API's record, as the ledger emulator serves it and the ledger connector
 * reads it. It carries exactly the columns of the ledger CSV (docs/legacy-contract.md)
 * (`id,processor,processor_ref,reference,amount,currency,fee,status,occurred_at`), so the API
 * and the CSV import normalise through the same rules:
 *
 * - `id`: the ledger's own id, unique.
 * - `processor`: one of the processors (stripe, paypal, square, adyen).
 * - `processor_ref`: the processor's id for the payment when the ledger knows it (for Stripe the
 *   charge `ch_...` or the payment intent `pi_...`), else null.
 * - `reference`: the merchant's order id, or null.
 * - `amount`: decimal string in MAJOR units ("12.34", JPY "1500"); never a JSON number, so no
 *   float ever touches money.
 * - `currency`: upper-case ISO 4217 ("USD").
 * - `fee`: decimal string in major units of `currency`, or null when the ledger does not record
 *   the fee it expects.
 * - `status`: succeeded | pending | failed | refunded.
 * - `occurred_at`: ISO 8601 with offset ("2024-03-01T12:00:00.000Z").
 *
 * Pages: `GET /v1/transactions?processor=&from=&to=&limit=&cursor=` replies
 * `{ data: LedgerRecord[], next_cursor: string | null }`, ordered by occurred_at then id.
 */
export interface LedgerRecord {
  id: string;
  processor: Processor;
  processor_ref: string | null;
  reference: string | null;
  amount: string;
  currency: string;
  fee: string | null;
  status: TransactionStatus;
  occurred_at: string;
}
