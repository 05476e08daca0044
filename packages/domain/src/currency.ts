/**
 * ISO 4217 minor-unit exponents. Everything not listed has two decimals.
 * Zero-decimal and three-decimal lists follow the processors' documentation
 * (../shared/reference/processors.md); ISK, HUF, TWD and UGX stay two-decimal at Stripe
 * for backward compatibility, so their exponent here is the processors' one, not ISO's.
 */
const ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND", "IQD", "LYD"]);

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Normalises a currency code ("usd" → "USD") and rejects anything that is not three letters. */
export function normalizeCurrency(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!CURRENCY_PATTERN.test(upper)) {
    throw new Error(`invalid currency code "${code}": expected three letters such as USD`);
  }
  return upper;
}

/** How many decimal places the currency's minor unit has (JPY 0, USD 2, KWD 3). */
export function currencyExponent(code: string): number {
  const upper = normalizeCurrency(code);
  if (ZERO_DECIMAL.has(upper)) return 0;
  if (THREE_DECIMAL.has(upper)) return 3;
  return 2;
}
