/**
 * ISO 4217 currency codes and their minor-unit exponents.
 *
 * Accepted: every current ISO 4217 currency (list one, 2025), plus codes withdrawn recently
 * enough to appear in exports still kept (HRK, SLL, ZWL, CUC, ANG). Not accepted: fund codes
 * (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals and units of account (XAU,
 * XAG, XPD, XPT, XBA..XBD, XDR, XSU, XUA) and the test and "no currency" codes (XTS, XXX):
 * none of them is money a processor settles, so seeing one means the data is wrong.
 */
const ISO_4217_CODES = new Set(
  (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP " +
    "BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP " +
    "GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES " +
    "KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR " +
    "MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB " +
    "RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY " +
    "TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL"
  ).split(" "),
);

/**
 * Minor-unit exponents where they are not 2. They follow the processors' documentation: ISK,
 * HUF, TWD and UGX stay two-decimal at Stripe for backward compatibility, so their exponent here
 * is the processors' one, not ISO's (a value with no decimals still converts exactly).
 */
const ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND", "IQD", "LYD"]);

/** True when `code` (any case, no surrounding spaces) is an ISO 4217 currency this system accepts. */
export function isIsoCurrency(code: string): boolean {
  return ISO_4217_CODES.has(code.toUpperCase());
}

/**
 * Normalises a currency code ("usd" → "USD") and refuses anything that is not an ISO 4217
 * currency, so an unknown code is never stored, compared or used to relabel money.
 */
export function normalizeCurrency(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) {
    throw new Error(`invalid currency code "${code}": expected an ISO 4217 code such as USD`);
  }
  if (!ISO_4217_CODES.has(upper)) {
    throw new Error(`unknown currency code "${code}": not an ISO 4217 currency`);
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
