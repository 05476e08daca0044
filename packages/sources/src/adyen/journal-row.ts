import { formatMinorUnits, normalizeCurrency, toMinorUnits } from "@recon/domain";
import { journalType, type JournalType } from "./adyen-journals";
import { bookingInstant } from "./booking-time";
import { PAR, PAR_FEE_COLUMNS } from "./payment-accounting-columns";

/** One line of the Payment accounting report, read exactly. */
export interface JournalRow {
  pspReference: string;
  /** The refund's or chargeback's own reference; null on the payment's journals. */
  modificationReference: string | null;
  merchantAccount: string | null;
  merchantReference: string | null;
  journal: string;
  type: JournalType;
  bookedAt: Date;
  currency: string;
  /** Main Amount, minor units, without sign: the journal type says which way the money goes. */
  amountMinor: bigint;
  /** Adyen's costs on a booked line (commission + markup + scheme fees + interchange), 0 on the others. */
  feeMinor: bigint;
  /** True when the line books money (it has a Payable amount). */
  booked: boolean;
  raw: Record<string, string>;
}

const cell = (row: Record<string, string>, column: string): string | null => {
  const value = row[column]?.trim();
  return value === undefined || value === "" ? null : value;
};

function money(row: Record<string, string>, column: string, currency: string): bigint {
  const value = cell(row, column);
  if (value === null) throw new Error(`${column}: empty`);
  try {
    return toMinorUnits(value, currency);
  } catch (error) {
    throw new Error(`${column}: ${(error as Error).message}`, { cause: error });
  }
}

/** An empty cost cell means no such cost. */
const cost = (row: Record<string, string>, column: string, currency: string): bigint => (cell(row, column) === null ? 0n : money(row, column, currency));

/** The references of a line, readable even when the rest of it is not (so its record can be quarantined with it). */
export function referencesOf(row: Record<string, string>): { pspReference: string | null; modificationReference: string | null } {
  return { pspReference: cell(row, PAR.pspReference), modificationReference: cell(row, PAR.modificationPspReference) };
}

/**
 * Reads a line; throws an Error naming the column for anything that cannot be read exactly: an
 * unknown journal or currency, an amount with more decimals than the currency has, a refund or
 * chargeback without its own reference, or a booked line whose Payable is not its amount less
 * its costs. Lines settled in another currency than the payment's are refused (not converted).
 */
export function readJournalRow(row: Record<string, string>): JournalRow {
  const pspReference = cell(row, PAR.pspReference);
  if (pspReference === null) throw new Error(`${PAR.pspReference}: empty`);
  const journal = cell(row, PAR.recordType) ?? "";
  let type: JournalType;
  try {
    type = journalType(journal);
  } catch (error) {
    throw new Error(`${PAR.recordType}: ${(error as Error).message}`, { cause: error });
  }
  const modificationReference = cell(row, PAR.modificationPspReference);
  if (type.subject !== "payment" && modificationReference === null) {
    throw new Error(`${PAR.modificationPspReference}: empty on a ${journal} line (the refund or chargeback needs its own reference)`);
  }
  const bookedAt = bookingInstant(row[PAR.bookingDate] ?? "", row[PAR.timeZone] ?? "", PAR.bookingDate, PAR.timeZone);
  let currency: string;
  try {
    currency = normalizeCurrency(cell(row, PAR.mainCurrency) ?? "");
  } catch (error) {
    throw new Error(`${PAR.mainCurrency}: ${(error as Error).message}`, { cause: error });
  }
  const signed = money(row, PAR.mainAmount, currency);
  // Report versions differ in the sign they give Main Amount; the journal type says the direction.
  const amountMinor = signed < 0n ? -signed : signed;
  let feeMinor = 0n;
  const payableCell = cell(row, PAR.payableSc);
  if (payableCell !== null) {
    const settlement = cell(row, PAR.settlementCurrency);
    if (settlement?.toUpperCase() !== currency) {
      throw new Error(`${PAR.settlementCurrency}: "${settlement ?? ""}" differs from the ${currency} of the payment (settling in another currency is not read)`);
    }
    feeMinor = PAR_FEE_COLUMNS.reduce((sum, column) => sum + cost(row, column, currency), 0n);
    const payable = money(row, PAR.payableSc, currency);
    const expected = BigInt(type.direction) * amountMinor - feeMinor;
    if (payable !== expected) {
      const shown = (minor: bigint) => formatMinorUnits(minor, currency);
      throw new Error(`${PAR.payableSc}: ${payableCell} is not Main Amount ${type.direction < 0 ? "debited" : "credited"} less the costs (expected ${shown(expected)} ${currency})`);
    }
  }
  return {
    pspReference,
    modificationReference: type.subject === "payment" ? null : modificationReference,
    merchantAccount: cell(row, PAR.merchantAccount),
    merchantReference: cell(row, PAR.merchantReference),
    journal,
    type,
    bookedAt,
    currency,
    amountMinor,
    feeMinor,
    booked: payableCell !== null,
    raw: row,
  };
}
