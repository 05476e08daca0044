import Decimal from "decimal.js";
import { currencyExponent } from "./currency";

/**
 * Converts a decimal string in major units ("12.34", "-0.5", "1500") into integer minor units
 * for the currency. Exact: a value with more precision than the currency has is an error,
 * never rounded away silently.
 */
export function toMinorUnits(value: string, currency: string): bigint {
  const trimmed = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) {
    throw new Error(`invalid amount "${value}": expected a decimal number such as 12.34`);
  }
  const exponent = currencyExponent(currency);
  const scaled = new Decimal(trimmed).times(new Decimal(10).pow(exponent));
  if (!scaled.isInteger()) {
    throw new Error(`amount "${value}" has more decimals than ${currency.toUpperCase()} allows (${exponent})`);
  }
  return BigInt(scaled.toFixed(0));
}

/** Formats integer minor units as a plain decimal string in major units ("1234" USD → "12.34"). */
export function formatMinorUnits(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  return new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(exponent)).toFixed(exponent);
}

/** Minor units to major units at a fixed number of decimals, as the legacy reports print amounts. */
export function formatMajorFixed(minor: bigint, currency: string, decimals: number): string {
  const exponent = currencyExponent(currency);
  return new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(exponent)).toFixed(decimals);
}

/** Minor units as a Decimal in major units, for ratio figures (rates) that are not money themselves. */
export function toMajorDecimal(minor: bigint, currency: string): Decimal {
  return new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(currencyExponent(currency)));
}

/** Absolute value of a bigint. */
export function absBigInt(value: bigint): bigint {
  return value < 0n ? -value : value;
}
