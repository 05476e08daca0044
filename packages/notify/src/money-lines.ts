import { formatMoney } from "@recon/domain";
import type { AlertCurrencyTotals } from "./run-alert";

/** "35.00 USD at stake (25.00 USD missing from the ledger)", one per currency, sorted by code; never summed across currencies. */
export function moneyLines(totals: Record<string, AlertCurrencyTotals> | undefined): string[] {
  return Object.entries(totals ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([code, t]) =>
        `${formatMoney(t.atRiskMinor, code)} at stake (${formatMoney(t.missingMinor, code)} missing from the ledger)`,
    );
}
