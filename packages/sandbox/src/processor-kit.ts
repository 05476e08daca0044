import type { LedgerRecord } from "./ledger-record";
import type { Rng } from "./prng";
import type { TruthItem } from "./scenario-types";
import type { PlannedPayment } from "./stripe-scenario";

/** A refund the generator attached to a payment: the processor's record and what the ledger books. */
export interface RenderedRefund {
  processorId: string;
  /** Negative: money going back. */
  amountMinor: bigint;
  /** Unix seconds, inside the payment's day. */
  occurredAt: number;
}

/** One planned payment as a processor records it (PayPal and Square; Stripe keeps its own path). */
export interface RenderedPayment {
  /** The id the connector yields as externalId. */
  processorId: string;
  /** Another id of the same money the ledger may book instead (Square's order id), or null. */
  alternateRef: string | null;
  refund: RenderedRefund | null;
}

/** What the generic generator needs from a processor. */
export interface ProcessorKit<Raw> {
  /** Renders one payment (and maybe a refund of it) into the processor's raw records. */
  render(rng: Rng, payment: PlannedPayment, dayEnd: number): RenderedPayment;
  /** An id of this processor's shape that it never issued (for missing_in_processor). */
  fakeRef(rng: Rng): string;
  /** The processor's fee for a payment, in minor units. */
  fee(currency: string, amountMinor: bigint): bigint;
  /**
   * Records the processor derives from the whole day once every payment is rendered and booked
   * (Square's payouts), with the ledger's bookings of them and the discrepancies planted in them.
   * Called once, after the payments' ledger rows; a kit without it adds nothing.
   */
  settle?(context: SettleContext): SettledRecords;
  /** The raw data set, once every payment is rendered (and settled). */
  raw(): Raw;
}

export interface SettleContext {
  rng: Rng;
  /** A fresh ledger id. */
  ledgerId: () => string;
  /** False for days too small to carry discrepancies (size below 10): then nothing is planted. */
  plant: boolean;
  /** Unix seconds: the end (exclusive) of the run day. */
  dayEnd: number;
}

/** What settle adds to the day. */
export interface SettledRecords {
  /** Processor records added, each one a record the connector yields. */
  processorCount: number;
  /** The ledger's bookings of them. */
  ledger: LedgerRecord[];
  /** Discrepancies planted among them: exactly what reconciliation must find there. */
  items: TruthItem[];
}

/** ISO 4217-exponent-aware fee: rate in basis points of the amount plus a fixed part, both in minor units. */
export function percentFee(amountMinor: bigint, basisPoints: bigint, fixedMinor: bigint): bigint {
  return (amountMinor * basisPoints + 5_000n) / 10_000n + fixedMinor;
}
