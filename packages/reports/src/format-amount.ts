import { currencyExponent, formatMajorFixed } from "@recon/domain";

/**
 * An amount as the legacy reports print it: major units with at least 2 decimals (the old
 * tool's format, which scripts parse) and never fewer than the currency has, so a three-decimal
 * currency is not rounded: USD "12.34", JPY "1500.00", KWD "1.234".
 */
export function formatReportAmount(minor: bigint, currency: string): string {
  return formatMajorFixed(minor, currency, Math.max(2, currencyExponent(currency)));
}
