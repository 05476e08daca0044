import {
  absBigInt,
  emptyCurrencyTotals,
  emptyKindCounts,
  type CurrencyTotals,
  type Discrepancy,
  type ProcessorTransaction,
  type RunFigures,
} from "@recon/domain";
import { compareStrings } from "./canonical-order";

/** The reporting currency when a run saw no processor records at all. */
export const DEFAULT_PRIMARY_CURRENCY = "USD";

export interface FiguresInput {
  /** Processor records with unique ids (copies excluded: volume counts each id once). */
  processorRecords: readonly ProcessorTransaction[];
  /** Number of unique-id ledger records. */
  internalCount: number;
  matchedCount: number;
  discrepancies: readonly Discrepancy[];
  /** The processor records reported missing_in_internal. */
  missingInInternal: readonly ProcessorTransaction[];
  /** Clean pairs settled outside the engine (see ReconcileInput.presettled). */
  presettled?: { count: number; byCurrency: Record<string, { count: number; volumeMinor: bigint }> };
}

/** The currency most processor records are in; ties go to the alphabetically first code. */
export function primaryCurrencyOf(
  records: readonly ProcessorTransaction[],
  extraCounts: Record<string, number> = {},
): string {
  const counts = new Map<string, number>(Object.entries(extraCounts));
  for (const record of records) counts.set(record.currency, (counts.get(record.currency) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [currency, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && compareStrings(currency, best) < 0)) {
      best = currency;
      bestCount = count;
    }
  }
  return best ?? DEFAULT_PRIMARY_CURRENCY;
}

/** Per-run counts and per-currency money totals. Money is never summed across currencies. */
export function computeFigures(input: FiguresInput): RunFigures {
  const totalsByCurrency: Record<string, CurrencyTotals> = {};
  const totalsOf = (currency: string): CurrencyTotals =>
    (totalsByCurrency[currency] ??= emptyCurrencyTotals());

  for (const record of input.processorRecords)
    totalsOf(record.currency).volumeMinor += absBigInt(record.grossMinor);
  const presettledCounts: Record<string, number> = {};
  for (const [currency, settled] of Object.entries(input.presettled?.byCurrency ?? {})) {
    totalsOf(currency).volumeMinor += settled.volumeMinor;
    presettledCounts[currency] = settled.count;
  }
  const presettledCount = input.presettled?.count ?? 0;
  for (const record of input.missingInInternal) {
    const totals = totalsOf(record.currency);
    totals.missingMinor += absBigInt(record.grossMinor);
    totals.feesAtRiskMinor += absBigInt(record.feeMinor);
  }
  const counts = emptyKindCounts();
  for (const discrepancy of input.discrepancies) {
    counts[discrepancy.kind] += 1;
    totalsOf(discrepancy.currency).atRiskMinor += discrepancy.amountAtRiskMinor;
  }

  // Key order is part of the output (JSON reports): alphabetical, not first-seen.
  const sortedTotals: Record<string, CurrencyTotals> = {};
  for (const currency of Object.keys(totalsByCurrency).sort(compareStrings)) {
    sortedTotals[currency] = totalsOf(currency);
  }

  return {
    processorTransactionCount: input.processorRecords.length + presettledCount,
    internalTransactionCount: input.internalCount + presettledCount,
    matchedCount: input.matchedCount + presettledCount,
    counts,
    primaryCurrency: primaryCurrencyOf(input.processorRecords, presettledCounts),
    totalsByCurrency: sortedTotals,
  };
}
