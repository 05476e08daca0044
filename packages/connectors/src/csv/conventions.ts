import { normalizeCurrency } from "@recon/domain";
import { DECIMAL_SEPARATORS, type DecimalSeparator } from "./amount-text";
import { DATE_ORDERS, isIanaZone, type DateOrder, type ZoneRule } from "./local-time";

/** How a file writes numbers, dates, zones and currencies: decided for the whole file before any row is stored. */
export interface CsvConventions {
  /** The field separator: "," or, in many European exports, ";" (or a tab). */
  delimiter: string;
  decimal: DecimalSeparator;
  dateOrder: DateOrder;
  /** The currency of every row of a file whose rows carry none (Square's export); null when they do. */
  currency: string | null;
  /** Each zone cell of the file, resolved (unresolvable ones read in --time-zone). */
  zones: ReadonlyMap<string, ZoneRule>;
}

/** What the user may say about a file instead of letting the import decide (all optional). */
export interface CsvImportOptions {
  /** "." or ",". */
  decimalSeparator?: string;
  /** "ymd", "mdy" or "dmy" (any case). */
  dateOrder?: string;
  /** A BCP 47 locale ("en-GB", "de-DE"): its decimal separator and date order, unless given on their own. */
  locale?: string;
  /** ISO 4217: the currency of an export without a currency column. */
  currency?: string;
  /** IANA zone for the file's zone cells that name no single zone ("IST") or are empty. */
  timeZone?: string;
}

/** The options, checked: each field present only when the user gave it (or the locale implies it). */
export interface ConventionOptions {
  decimal?: DecimalSeparator;
  dateOrder?: DateOrder;
  currency?: string;
  timeZone?: ZoneRule;
}

/** An option the import cannot use: named, so the user knows what to fix. */
export class CsvOptionError extends Error {
  override name = "CsvOptionError";
}

/** Checks the user's options, naming the first one that is wrong; `--locale` fills what was not given. */
export function readConventionOptions(raw: CsvImportOptions): ConventionOptions {
  const options: ConventionOptions = {};
  if (raw.locale !== undefined) Object.assign(options, localeConventions(raw.locale));
  if (raw.decimalSeparator !== undefined) {
    if (!(DECIMAL_SEPARATORS as readonly string[]).includes(raw.decimalSeparator)) {
      throw new CsvOptionError(`--decimal-separator "${raw.decimalSeparator}": expected "." or ","`);
    }
    options.decimal = raw.decimalSeparator as DecimalSeparator;
  }
  if (raw.dateOrder !== undefined) {
    const order = raw.dateOrder.toLowerCase();
    if (!(DATE_ORDERS as readonly string[]).includes(order)) throw new CsvOptionError(`--date-order "${raw.dateOrder}": expected ymd, mdy or dmy`);
    options.dateOrder = order as DateOrder;
  }
  if (raw.currency !== undefined) {
    try {
      options.currency = normalizeCurrency(raw.currency);
    } catch (error) {
      throw new CsvOptionError(`--currency: ${(error as Error).message}`, { cause: error });
    }
  }
  if (raw.timeZone !== undefined) {
    if (!isIanaZone(raw.timeZone)) throw new CsvOptionError(`--time-zone "${raw.timeZone}": not an IANA time zone such as Europe/London`);
    options.timeZone = { kind: "iana", zone: raw.timeZone };
  }
  return options;
}

/** A locale's decimal separator and date order, as the runtime's ICU data gives them. */
function localeConventions(locale: string): Pick<ConventionOptions, "decimal" | "dateOrder"> {
  let canonical: string;
  try {
    [canonical = ""] = Intl.getCanonicalLocales(locale);
  } catch {
    throw new CsvOptionError(`--locale "${locale}": not a BCP 47 locale such as en-GB or de-DE`);
  }
  if (Intl.NumberFormat.supportedLocalesOf([canonical]).length === 0) {
    throw new CsvOptionError(`--locale "${locale}": this runtime has no number and date formats for it`);
  }
  const decimal = new Intl.NumberFormat(canonical).formatToParts(1234.5).find((p) => p.type === "decimal")?.value;
  if (decimal !== "." && decimal !== ",") {
    throw new CsvOptionError(`--locale "${locale}" writes "${decimal ?? "?"}" between units and fractions; pass --decimal-separator`);
  }
  const order = new Intl.DateTimeFormat(canonical, { year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(Date.UTC(2025, 9, 9)))
    .filter((p) => p.type === "year" || p.type === "month" || p.type === "day")
    .map((p) => p.type[0])
    .join("");
  if (!(DATE_ORDERS as readonly string[]).includes(order)) throw new CsvOptionError(`--locale "${locale}" orders dates as "${order}"; pass --date-order`);
  return { decimal, dateOrder: order as DateOrder };
}
