import type { Rng } from "./prng";

/** A payment the generator decided happened, before any processor gives it ids. */
export interface PlannedPayment {
  orderId: string;
  /** Upper-case ISO 4217. */
  currency: string;
  amountMinor: bigint;
  feeMinor: bigint;
  /** Unix seconds. */
  occurredAt: number;
}

/** The id prefixes of the Stripe objects the sandbox issues. */
export type StripeIdPrefix = "txn" | "ch" | "pi" | "pm" | "re" | "dp" | "po" | "ba" | "fee" | "acct" | "ca" | "tr" | "py" | "tu";

/** Stripe-style ids: prefix + 24 alphanumerics, as real test-mode ids look. */
export function stripeId(rng: Rng, prefix: StripeIdPrefix): string {
  return `${prefix}_${rng.chars(24)}`;
}

/**
 * Stripe's standard card pricing: 2.9% + 30¢ on USD, 3.6% on JPY (zero-decimal, no fixed part),
 * 2.9% + 0.100 KWD rounded to 10 fils (Stripe's three-decimal amounts end in 0).
 */
export function stripeFee(currency: string, amountMinor: bigint): bigint {
  if (currency === "JPY") return (amountMinor * 36n + 500n) / 1000n;
  if (currency === "KWD") return ((amountMinor * 29n + 5_000n) / 10_000n) * 10n + 100n;
  return (amountMinor * 29n + 500n) / 1000n + 30n;
}

/** The fee Stripe charges on a dispute (and gives back when the dispute is won): $15, ¥1,500, 5.000 KWD. */
export function disputeFee(currency: string): bigint {
  if (currency === "JPY") return 1_500n;
  if (currency === "KWD") return 5_000n;
  return 1_500n;
}

/**
 * A random amount in minor units between `min` and `max` (inclusive) that the currency can carry
 * at Stripe: any integer for USD and JPY, a multiple of 10 for three-decimal KWD.
 */
export function stripeAmountBetween(rng: Rng, currency: string, min: bigint, max: bigint): bigint {
  const step = currency === "KWD" ? 10n : 1n;
  const low = (min + step - 1n) / step;
  const high = max / step;
  if (high < low) throw new Error(`no ${currency} amount between ${min} and ${max}`);
  return BigInt(rng.int(Number(low), Number(high))) * step;
}
