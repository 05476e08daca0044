import { readResidue, streamInternalTransactions, streamProcessorTransactions, type Db } from "@recon/db";
import { dayWindow, type Processor } from "@recon/domain";
import { reconcile, type MatchOptions, type ReconcileResult } from "@recon/engine";

/**
 * How far a run reads into each neighbouring day, so a payment at 23:59 booked at 00:01 is
 * `timing`, not missing on one day and unknown on the next. Default one hour.
 */
export const DEFAULT_GRACE_MS = 60 * 60 * 1000;

export interface ReconcileDayOptions {
  processor: Processor;
  /** YYYY-MM-DD */
  runDate: string;
  /** Grace period into each neighbouring day, ms. Default DEFAULT_GRACE_MS. */
  graceMs?: number;
  /** Fuzzy-pass tuning (the day window is set from runDate). */
  match?: Omit<MatchOptions, "window">;
  /**
   * "hybrid" (default): the clean exact-id pairs are settled inside Postgres and only the
   * residue is read into the engine. "stream": every record of the window is streamed through
   * the engine. Both give identical outcomes (tested); hybrid's `matched` list leaves out the
   * clean pairs (they are counted in the figures) to keep memory proportional to the residue.
   */
  mode?: "hybrid" | "stream";
}

export interface ReconcileDayResult {
  result: ReconcileResult;
  /** Records of this run in a two-sided outcome: the counterparts that resolve other days' breaks. */
  pairedProcessorIds: string[];
  pairedInternalIds: string[];
}

/** Streams both sides of the day (plus grace) out of Postgres and reconciles them. */
export async function reconcileDay(db: Db, options: ReconcileDayOptions): Promise<ReconcileDayResult> {
  const day = dayWindow(options.runDate);
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  const read = { start: new Date(day.start.getTime() - grace), end: new Date(day.end.getTime() + grace) };
  if ((options.mode ?? "hybrid") === "stream") {
    const result = await reconcile({
      processor: options.processor,
      processorTransactions: streamProcessorTransactions(db, options.processor, read),
      internalTransactions: streamInternalTransactions(db, options.processor, read),
      options: { ...options.match, window: day },
    });
    return { result, ...pairedIds(result) };
  }
  const residue = await readResidue(db, options.processor, read, day);
  const result = await reconcile({
    processor: options.processor,
    processorTransactions: residue.processor,
    internalTransactions: residue.internal,
    options: { ...options.match, window: day },
    presettled: { count: residue.cleanCount, byCurrency: residue.cleanByCurrency },
  });
  const paired = pairedIds(result);
  for (const pair of residue.cleanPairsWithOpenBreaks) {
    paired.pairedProcessorIds.push(pair.processorId);
    paired.pairedInternalIds.push(pair.internalId);
  }
  return { result, ...paired };
}

/** Ids on both sides of every two-sided outcome: matched pairs and groups, and pair discrepancies. */
export function pairedIds(result: ReconcileResult): { pairedProcessorIds: string[]; pairedInternalIds: string[] } {
  const pairedProcessorIds: string[] = [];
  const pairedInternalIds: string[] = [];
  for (const m of result.matched) {
    pairedProcessorIds.push(m.processorId);
    pairedInternalIds.push(m.internalId);
  }
  for (const g of result.matchedGroups) {
    pairedProcessorIds.push(...g.processorIds);
    pairedInternalIds.push(...g.internalIds);
  }
  for (const d of result.discrepancies) {
    if (d.processorExternalId === null || d.internalExternalId === null) continue;
    pairedProcessorIds.push(d.processorExternalId);
    pairedInternalIds.push(d.internalExternalId);
  }
  return { pairedProcessorIds, pairedInternalIds };
}
