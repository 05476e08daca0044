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
  [negative, text] = withoutSign(negative, text);
  // Most cells are bare numbers: look for a marker only where a digit is not.
  let marker = /^[\d.,]/.test(text) ? null : markerAt(text, "start");
  if (marker) [negative, text] = withoutSign(negative, text.slice(marker.text.length).trim());
  const trailing = /[\d.,]$/.test(text) ? null : markerAt(text, "end");
  if (trailing) {
    if (marker) throw new Error(`invalid amount "${cell}": a currency marker on both sides`);
    marker = trailing;
    text = text.slice(0, -trailing.text.length).trim();
  }
  if (!/^[.,]?\d/.test(text) || /[^\d.,'’\s\u00a0\u202f]/.test(text)) {
    throw new Error(`invalid amount "${cell}": expected a number such as 1234.56`);
  }
  return { negative, marker, digits: text.replace(SPACES, " ") };
}

/** A leading "-" or "+" taken off the text (a "-" flips `negative`). */
function withoutSign(negative: boolean, text: string): [boolean, string] {
  if (text.startsWith("-")) return [!negative, text.slice(1).trim()];
  if (text.startsWith("+")) return [negative, text.slice(1).trim()];
  return [negative, text];
}

const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Per decimal separator: the plain form, then one grouped form per grouping character (compiled once: every cell goes through them). */
const FORMS: Record<DecimalSeparator, { plain: RegExp; grouped: Array<[group: string, pattern: RegExp]> }> = {
  ".": forms("."),
  ",": forms(","),
};

function forms(decimal: DecimalSeparator): (typeof FORMS)[DecimalSeparator] {
  const d = escape(decimal);
  return {
    plain: new RegExp(`^(\\d*)(?:${d}(\\d+))?$`),
    grouped: GROUPING.filter((g) => g !== decimal).map((g) => [g, new RegExp(`^([1-9]\\d{0,2}(?:${escape(g)}\\d{3})+)(?:${d}(\\d+))?$`)]),
  };
}

/**
 * The plain decimal ("1234.56") the digits mean when `decimal` separates the fraction, or null
 * when they cannot be read so: groups of thousands must be whole (1,234,567), start with a
 * non-zero digit and use one grouping character, which is never the decimal separator.
 */
export function readDigits(digits: string, decimal: DecimalSeparator): string | null {
  const { plain, grouped } = FORMS[decimal];
  const simple = plain.exec(digits);
  if (simple && (simple[1] !== "" || simple[2] !== undefined)) return canonical(simple[1] || "0", simple[2]);
  for (const [group, pattern] of grouped) {
    const match = pattern.exec(digits);
    if (match) return canonical(match[1]!.split(group).join(""), match[2]);
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
