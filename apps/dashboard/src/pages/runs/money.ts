import { formatMoney } from "@recon/domain";
import type { CurrencyAmount } from "@recon/db";

/** "12.50 USD, 1250 JPY": one figure per currency (never summed), or "none". */
export function moneyList(amounts: readonly CurrencyAmount[]): string {
  const shown = amounts.filter((a) => a.minor !== 0n);
  return shown.length > 0 ? shown.map((a) => formatMoney(a.minor, a.currency)).join(", ") : "none";
}
