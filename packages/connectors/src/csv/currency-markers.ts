import { isIsoCurrency } from "@recon/domain";

/**
 * The currency markers processors' exports write beside amounts, and every currency each can
 * stand for. A bare "$" is any dollar or peso, "¥" yen or yuan, "kr" any krona or krone: such a
 * marker never decides a currency on its own, it only has to agree with the one the row or the
 * file is in. Longer markers come first so that "CA$" is never read as "$".
 */
const MARKERS: ReadonlyArray<readonly [marker: string, currencies: readonly string[]]> = [
  ["US$", ["USD"]],
  ["CA$", ["CAD"]],
  ["AU$", ["AUD"]],
  ["NZ$", ["NZD"]],
  ["HK$", ["HKD"]],
  ["MX$", ["MXN"]],
  ["NT$", ["TWD"]],
  ["JP¥", ["JPY"]],
  ["CN¥", ["CNY"]],
  ["C$", ["CAD", "NIO"]],
  ["A$", ["AUD"]],
  ["S$", ["SGD"]],
  ["R$", ["BRL"]],
  ["KD", ["KWD"]],
  ["kr", ["SEK", "NOK", "DKK", "ISK"]],
  ["zł", ["PLN"]],
  ["Kč", ["CZK"]],
  ["Fr.", ["CHF"]],
  ["$", ["USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD", "ARS", "CLP", "COP", "UYU", "BSD", "BBD", "BMD", "BZD", "FJD", "JMD", "KYD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "GYD", "BND"]],
  ["€", ["EUR"]],
  ["£", ["GBP", "GIP", "FKP", "SHP"]],
  ["¥", ["JPY", "CNY"]],
  ["￥", ["JPY", "CNY"]],
  ["₩", ["KRW"]],
  ["₹", ["INR"]],
  ["₪", ["ILS"]],
  ["₱", ["PHP"]],
  ["₺", ["TRY"]],
  ["₫", ["VND"]],
  ["฿", ["THB"]],
  ["₦", ["NGN"]],
  ["₴", ["UAH"]],
  ["₽", ["RUB"]],
];

export interface CurrencyMarker {
  /** As written: "CA$", "€", "EUR". */
  text: string;
  /** Every currency it can denote. */
  currencies: readonly string[];
}

/** The marker `text` starts with (`at: "start"`) or ends with, if any: a symbol above or an ISO 4217 code. */
export function markerAt(text: string, at: "start" | "end"): CurrencyMarker | null {
  for (const [marker, currencies] of MARKERS) {
    if (at === "start" ? text.startsWith(marker) : text.endsWith(marker)) return { text: marker, currencies };
  }
  const code = at === "start" ? /^[A-Z]{3}/.exec(text)?.[0] : /[A-Z]{3}$/.exec(text)?.[0];
  return code !== undefined && isIsoCurrency(code) ? { text: code, currencies: [code] } : null;
}
