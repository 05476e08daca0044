import { formatMinorUnits } from "@recon/domain";
import type { AlertCurrencyTotals } from "./run-alert";

/** "USD 35.00 at stake (25.00 missing from the ledger)", one per currency, sorted by code; never summed across currencies. */
export function moneyLines(totals: Record<string, AlertCurrencyTotals> | undefined): string[] {
  return Object.entries(totals ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([code, t]) =>
        `${code} ${formatMinorUnits(t.atRiskMinor, code)} at stake (${formatMinorUnits(t.missingMinor, code)} missing from the ledger)`,
    );
}
