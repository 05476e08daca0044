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
import type { CurrencyVolume } from "./currency-volume";
import type { StagedTally } from "./partition-result";

/** The reporting currency when a run saw no processor records at all. */
export const DEFAULT_PRIMARY_CURRENCY = "USD";

export interface FiguresInput {
  /**
   * Per currency: the in-day processor records with unique ids (copies excluded: volume counts
   * each id once) and their |gross|. Aggregated rather than the records themselves, so a run
   * split into partitions sums its partitions' volumes instead of holding every record.
   */
  processorVolume: Readonly<Record<string, CurrencyVolume>>;
  /** Number of unique-id ledger records. */
  internalCount: number;
  matchedCount: number;
  discrepancies: readonly Discrepancy[];
  /** Matches and discrepancies stored elsewhere and left out of the lists (see stageOutcomes). */
  staged?: StagedTally;
  /** The processor records reported missing_in_internal. */
  missingInInternal: readonly ProcessorTransaction[];
  /** Clean pairs settled outside the engine (see ReconcileInput.presettled). */
  presettled?: { count: number; byCurrency: Readonly<Record<string, CurrencyVolume>> };
}

/** Adds each record's currency and |gross| to `volume` (the processor side of FiguresInput). */
export function addProcessorVolume(
  volume: Record<string, CurrencyVolume>,
  records: readonly ProcessorTransaction[],
): void {
  for (const record of records) {
    const entry = (volume[record.currency] ??= { count: 0, volumeMinor: 0n });
    entry.count += 1;
    entry.volumeMinor += absBigInt(record.grossMinor);
  }
}

/** Adds the volumes of `from` into `into`, currency by currency. */
export function mergeProcessorVolume(
  into: Record<string, CurrencyVolume>,
  from: Readonly<Record<string, CurrencyVolume>>,
): void {
  for (const [currency, { count, volumeMinor }] of Object.entries(from)) {
    const entry = (into[currency] ??= { count: 0, volumeMinor: 0n });
    entry.count += count;
    entry.volumeMinor += volumeMinor;
  }
}

/**
 * The currency with the most processor records; ties go to the alphabetically first code.
 * A currency counted zero times never wins; with none counted, DEFAULT_PRIMARY_CURRENCY.
 */
export function primaryCurrencyOf(counts: ReadonlyMap<string, number>): string {
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
  const recordCounts = new Map<string, number>();
  const countRecords = (currency: string, count: number): void => {
    recordCounts.set(currency, (recordCounts.get(currency) ?? 0) + count);
  };

  let processorCount = 0;
  for (const [currency, { count, volumeMinor }] of Object.entries(input.processorVolume)) {
    totalsOf(currency).volumeMinor += volumeMinor;
    countRecords(currency, count);
    processorCount += count;
  }
  for (const [currency, settled] of Object.entries(input.presettled?.byCurrency ?? {})) {
    totalsOf(currency).volumeMinor += settled.volumeMinor;
    countRecords(currency, settled.count);
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
  let stagedMatched = 0;
  if (input.staged !== undefined) {
    stagedMatched = input.staged.matched;
    for (const kind of Object.keys(counts) as (keyof typeof counts)[]) counts[kind] += input.staged.counts[kind];
    for (const [currency, amount] of Object.entries(input.staged.atRiskByCurrency)) totalsOf(currency).atRiskMinor += amount;
  }

  // Key order is part of the output (JSON reports): alphabetical, not first-seen.
  const sortedTotals: Record<string, CurrencyTotals> = {};
  for (const currency of Object.keys(totalsByCurrency).sort(compareStrings)) {
    sortedTotals[currency] = totalsOf(currency);
  }

  return {
    processorTransactionCount: processorCount + presettledCount,
    internalTransactionCount: input.internalCount + presettledCount,
    matchedCount: input.matchedCount + stagedMatched + presettledCount,
    counts,
    primaryCurrency: primaryCurrencyOf(recordCounts),
    totalsByCurrency: sortedTotals,
  };
}
