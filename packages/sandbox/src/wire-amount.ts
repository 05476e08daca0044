/**
 * Minor units as the processors' JSON writes them (Stripe's `amount`, Square's `Money.amount`):
 * an integer number. A JS number holds integers exactly only up to 2^53, so a larger amount is
 * refused rather than rounded; the generator never makes one.
 */
export function wireAmount(minor: bigint): number {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount ${minor} is too large for an exact JSON number`);
  }
  return Number(minor);
}
