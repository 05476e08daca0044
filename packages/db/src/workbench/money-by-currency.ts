/** An amount in one currency's minor units: never added to another currency's. */
export interface CurrencyAmount {
  currency: string;
  minor: bigint;
}

/**
 * The amount at stake per currency of a run's `totals` column ({"USD": {"atRiskMinor": "123", ...}}),
 * currencies in alphabetical order.
 */
export function atStakeOfTotals(totals: unknown): CurrencyAmount[] {
  if (totals === null || typeof totals !== "object") return [];
  return Object.entries(totals as Record<string, { atRiskMinor?: string } | null>)
    .map(([currency, t]) => ({ currency, minor: BigInt(t?.atRiskMinor ?? "0") }))
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** The number of discrepancies of a run's `counts` column ({"missing_in_internal": 3, ...}). */
export function discrepancyCountOf(counts: unknown): number {
  if (counts === null || typeof counts !== "object") return 0;
  return Object.values(counts as Record<string, unknown>).reduce<number>((sum, n) => sum + (Number(n) || 0), 0);
}
