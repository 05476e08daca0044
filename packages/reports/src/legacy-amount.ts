import { currencyExponent, formatMajorFixed } from "@recon/domain";

/**
 * An amount as the legacy report files (the CSV and JSON the old tool wrote) print it: major
 * units with at least 2 decimals, which scripts parse, and never fewer than the currency has, so
 * a three-decimal currency is not rounded: USD "12.34", JPY "1500.00", KWD "1.234". Only those
 * two files use it (docs/reports-and-alerts.md); everything people read uses the domain's
 * formatMinorUnits / formatMoney, at the currency's exponent.
 */
export function formatLegacyAmount(minor: bigint, currency: string): string {
  return formatMajorFixed(minor, currency, Math.max(2, currencyExponent(currency)));
}
