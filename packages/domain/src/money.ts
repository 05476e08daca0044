import Decimal from "decimal.js";
import { currencyExponent } from "./currency";

/**
 * Converts a decimal string in major units ("12.34", "-0.5", "1500") into integer minor units
 * for the currency. Exact: a value with more precision than the currency has is an error,
 * never rounded away silently (trailing zeros add no precision: "12.340" is 1234 cents).
 * Pure string and bigint arithmetic: no intermediate number can lose a digit.
 */
export function toMinorUnits(value: string, currency: string): bigint {
  const match = /^([+-]?)(\d+\.?\d*|\.\d+)$/.exec(value.trim());
  if (!match) {
    throw new Error(`invalid amount "${value}": expected a decimal number such as 12.34`);
  }
  const exponent = currencyExponent(currency);
  const [whole = "", rawFraction = ""] = match[2]!.split(".");
  const fraction = rawFraction.replace(/0+$/, "");
  if (fraction.length > exponent) {
    throw new Error(`amount "${value}" has more decimals than ${currency.toUpperCase()} allows (${exponent})`);
  }
  const minor = BigInt(`${whole || "0"}${fraction.padEnd(exponent, "0")}`);
  return match[1] === "-" ? -minor : minor;
}

/**
 * Formats integer minor units as a plain decimal string in major units, at exactly the
 * currency's exponent: 1234 USD → "12.34", 1500 JPY → "1500", 1234 KWD → "1.234". The one
 * formatter of amounts people read (CLI, reports, alerts, dashboard); only the legacy report
 * files keep their own fixed format (formatLegacyAmount), which scripts parse.
 */
export function formatMinorUnits(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return minor < 0n ? `-${text}` : text;
}

/** An amount with its currency, as shown to people: "12.34 USD", "1500 JPY", "1.234 KWD". */
export function formatMoney(minor: bigint, currency: string): string {
  return `${formatMinorUnits(minor, currency)} ${currency}`;
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
