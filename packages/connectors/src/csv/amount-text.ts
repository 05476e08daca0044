import { currencyExponent, toMinorUnits } from "@recon/domain";
import { markerAt, type CurrencyMarker } from "./currency-markers";

/** The character between whole units and their fraction, as a file writes it. */
export type DecimalSeparator = "." | ",";
export const DECIMAL_SEPARATORS: readonly DecimalSeparator[] = [".", ","];

/** A money cell taken apart: sign, currency marker and the digits as written. */
export interface AmountText {
  negative: boolean;
  marker: CurrencyMarker | null;
  /** The number without sign or marker, separators as written: "1.234,56". */
  digits: string;
}

// Spaces a locale may put between groups of digits or around a marker (plain, no-break, narrow no-break).
const SPACES = /[\s\u00a0\u202f]/g;
// After splitAmountText every kind of space is a plain one.
const GROUPING = [",", ".", " ", "'", "’"];

/**
 * Splits a money cell as processors' exports write it: "-$1,234.56", "($20.00)", "€ -30,00",
 * "1.234,56 EUR", "CA$5.00", "−12.00". Throws on anything else (two signs, a marker on both
 * sides, stray characters), naming the cell.
 */
export function splitAmountText(cell: string): AmountText {
  let text = cell.trim().replace(/\u2212/g, "-");
  if (text === "") throw new Error("empty");
  let negative = false;
  const accounting = /^\((.*)\)$/.exec(text);
  if (accounting) {
    negative = true;
    text = accounting[1]!.trim();
  }
  const sign = (): void => {
    if (text.startsWith("-") || text.startsWith("+")) {
      if (text.startsWith("-")) negative = !negative;
      text = text.slice(1).trim();
    }
  };
  sign();
  let marker = markerAt(text, "start");
  if (marker) {
    text = text.slice(marker.text.length).trim();
    sign();
  }
  const trailing = markerAt(text, "end");
  if (trailing) {
    if (marker) throw new Error(`invalid amount "${cell}": a currency marker on both sides`);
    marker = trailing;
    text = text.slice(0, -trailing.text.length).trim();
  }
  if (!/^\d/.test(text) && !/^[.,]\d/.test(text)) throw new Error(`invalid amount "${cell}": expected a number such as 1234.56`);
  if (/[^\d.,'’\s\u00a0\u202f]/.test(text)) throw new Error(`invalid amount "${cell}": expected a number such as 1234.56`);
  return { negative, marker, digits: text.replace(SPACES, " ") };
}

/**
 * The plain decimal ("1234.56") the digits mean when `decimal` separates the fraction, or null
 * when they cannot be read so: groups of thousands must be whole (1,234,567), start with a
 * non-zero digit and use one grouping character, which is never the decimal separator.
 */
export function readDigits(digits: string, decimal: DecimalSeparator): string | null {
  const d = decimal === "." ? "\\." : ",";
  const plain = new RegExp(`^(\\d*)(?:${d}(\\d+))?$`).exec(digits);
  if (plain && (plain[1] !== "" || plain[2] !== undefined)) return canonical(plain[1] || "0", plain[2]);
  for (const group of GROUPING) {
    if (group === decimal) continue;
    const g = group === "." ? "\\." : group === " " ? " " : group;
    const grouped = new RegExp(`^([1-9]\\d{0,2}(?:${g}\\d{3})+)(?:${d}(\\d+))?$`).exec(digits);
    if (grouped) return canonical(grouped[1]!.split(group).join(""), grouped[2]);
  }
  return null;
}

function canonical(whole: string, fraction: string | undefined): string {
  return fraction === undefined ? whole : `${whole}.${fraction}`;
}

/** How many decimals a plain decimal string has. */
export function decimalsOf(plain: string): number {
  const dot = plain.indexOf(".");
  return dot === -1 ? 0 : plain.length - dot - 1;
}

/**
 * The one strict reading of a money cell: split it, read its digits with the file's decimal
 * separator, check its marker can denote `currency`, and convert to minor units exactly
 * (more decimals than the currency has is an error, never rounded). Errors name the cell.
 */
export function parseAmount(cell: string, decimal: DecimalSeparator, currency: string): bigint {
  const text = splitAmountText(cell);
  if (text.marker && !text.marker.currencies.includes(currency)) {
    throw new Error(`"${cell}" is written in ${text.marker.currencies.join(" or ")}, but the row is in ${currency}`);
  }
  const plain = readDigits(text.digits, decimal);
  if (plain === null) {
    throw new Error(`"${cell}" is not a number written with "${decimal}" as the decimal separator`);
  }
  if (decimalsOf(plain) > currencyExponent(currency)) {
    throw new Error(`"${cell}" has more decimals than ${currency} allows (${currencyExponent(currency)})`);
  }
  const minor = toMinorUnits(plain, currency);
  return text.negative ? -minor : minor;
}
