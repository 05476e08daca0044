import { formatMinorUnits, type Processor } from "@recon/domain";
import type { LedgerRecord } from "./ledger-record";
import type { Rng } from "./prng";
import { stripeFee, type PlannedPayment } from "./stripe-scenario";

// The building blocks every processor's day is made of: planned payments, the ledger's rows and
// their order, the PRNG-driven shuffle. Shared by the generic kit path and Stripe's own day.

/**
 * Mostly USD, about 6% JPY (zero decimals) and 5% KWD (three decimals), so that exponent
 * handling is exercised by every processor. KWD amounts end in 0, as Stripe requires.
 */
export function planPayment(rng: Rng, dayStart: number): PlannedPayment {
  const draw = rng.next();
  const currency = draw < 0.06 ? "JPY" : draw < 0.11 ? "KWD" : "USD";
  const amountMinor = BigInt(currency === "JPY" ? rng.int(300, 30_000) : currency === "KWD" ? rng.int(100, 9_000) * 10 : rng.int(500, 50_000));
  return {
    orderId: `ord_${rng.chars(12, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")}`,
    currency,
    amountMinor,
    feeMinor: stripeFee(currency, amountMinor),
    occurredAt: dayStart + rng.int(0, 86_399),
  };
}

/** A different, still positive amount. */
export function shiftedAmount(rng: Rng, payment: PlannedPayment): bigint {
  const delta = BigInt(payment.currency === "JPY" ? rng.int(1, 500) : payment.currency === "KWD" ? rng.int(1, 200) * 10 : rng.int(1, 2_000));
  return payment.amountMinor > delta && rng.chance(0.5) ? payment.amountMinor - delta : payment.amountMinor + delta;
}

export function ledgerId(rng: Rng): string {
  return `led_${rng.chars(20, "0123456789abcdef")}`;
}

export function ledgerRecord(
  id: string,
  ref: string,
  payment: PlannedPayment,
  amountMinor: bigint,
  processor: Processor = "stripe",
): LedgerRecord {
  return {
    id,
    processor,
    processor_ref: ref,
    reference: payment.orderId,
    amount: formatMinorUnits(amountMinor, payment.currency),
    currency: payment.currency,
    fee: formatMinorUnits(payment.feeMinor, payment.currency),
    status: "succeeded",
    occurred_at: new Date(payment.occurredAt * 1000).toISOString(),
  };
}

/** The ledger API's order: occurred_at, then id. ISO strings of one format sort as instants. */
export function compareLedger(a: LedgerRecord, b: LedgerRecord): number {
  if (a.occurred_at !== b.occurred_at) return a.occurred_at < b.occurred_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
