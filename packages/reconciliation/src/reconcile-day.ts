import {
  createReconcilePlan,
  deleteReconcilePlan,
  streamInternalTransactions,
  streamPartitionInternalTransactions,
  streamPartitionProcessorTransactions,
  streamProcessorTransactions,
  type Db,
  type ReconcilePlan,
  type TimeWindow,
} from "@recon/db";
import { dayWindow, type Processor } from "@recon/domain";
import { pairedIdsOf, reconcile, reconcilePartition, settlePartitions, type PartitionResult, type ReconcileResult } from "@recon/engine";
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from "./reconcile-settings";

export interface ReconcileDayResult {
  result: ReconcileResult;
  /** Records of this run in a two-sided outcome: the counterparts that resolve other days' breaks. */
  pairedProcessorIds: string[];
  pairedInternalIds: string[];
}

/** The day plus the grace period into each neighbouring day: what a run for `runDate` reads. */
export function readWindowOf(runDate: string, graceMs: number): TimeWindow {
  const day = dayWindow(runDate);
  return { start: new Date(day.start.getTime() - graceMs), end: new Date(day.end.getTime() + graceMs) };
}

export interface PlanDayInput {
  jobKey: string;
  attempt: number;
  runId: string;
  processor: Processor;
  runDate: string;
  settings: ReconcileSettings;
}

/** Settles the clean pairs in Postgres and splits the rest of the day into partitions. */
export function planDay(db: Db, input: PlanDayInput): Promise<ReconcilePlan> {
  return createReconcilePlan(db, {
    jobKey: input.jobKey,
    attempt: input.attempt,
    runId: input.runId,
    processor: input.processor,
    runDate: input.runDate,
    read: readWindowOf(input.runDate, input.settings.graceMs),
    day: dayWindow(input.runDate),
    maxRecordsPerPartition: input.settings.maxRecordsPerPartition,
    workMemMb: input.settings.workMemMb,
  });
}

/** Phase 1 for one partition: streams its records of both sides through the keyed passes. */
export function reconcilePlanPartition(db: Db, plan: ReconcilePlan, partition: number, settings: ReconcileSettings): Promise<PartitionResult> {
  return reconcilePartition({
    processor: plan.processor,
    processorTransactions: streamPartitionProcessorTransactions(db, plan.id, partition),
    internalTransactions: streamPartitionInternalTransactions(db, plan.id, partition),
    options: { ...settings.match, window: dayWindow(plan.runDate) },
  });
}

/** Phase 2: every partition's result plus the clean pairs settled in Postgres make the run's result. */
export function settlePlan(plan: ReconcilePlan, partitions: Iterable<PartitionResult>, settings: ReconcileSettings): ReconcileDayResult {
  const result = settlePartitions({
    processor: plan.processor,
    options: { ...settings.match, window: dayWindow(plan.runDate) },
    presettled: { count: plan.cleanCount, byCurrency: plan.cleanByCurrency },
    partitions,
  });
  const paired = pairedIdsOf(result);
  for (const pair of plan.cleanPairsWithOpenBreaks) {
    paired.pairedProcessorIds.push(pair.processorId);
    paired.pairedInternalIds.push(pair.internalId);
  }
  return { result, ...paired };
}

export interface ReconcileDayOptions {
  processor: Processor;
  /** YYYY-MM-DD */
  runDate: string;
  /** Default DEFAULT_RECONCILE_SETTINGS. */
  settings?: ReconcileSettings;
  /**
   * "hybrid" (default, what the worker runs): clean exact-id pairs settled inside Postgres, the
   * residue split into partitions reconciled one after another here (the worker runs them as
   * child jobs), then settled. "stream": every record of the read window streamed through one
   * engine call. Both give identical outcomes (tested); hybrid's `matched` list leaves out the
   * clean pairs (they are counted in the figures) to keep memory proportional to the residue.
   */
  mode?: "hybrid" | "stream";
  /** Names the plan (hybrid). Default: a one-off key. */
  jobKey?: string;
  /** The run the plan belongs to (hybrid). Default: a nil id, for callers that only read. */
  runId?: string;
}

/** Reconciles a (processor, day) in this process: the whole flow of a run without the queue. */
export async function reconcileDay(db: Db, options: ReconcileDayOptions): Promise<ReconcileDayResult & { plan?: ReconcilePlan }> {
  const settings = options.settings ?? DEFAULT_RECONCILE_SETTINGS;
  if ((options.mode ?? "hybrid") === "stream") {
    const read = readWindowOf(options.runDate, settings.graceMs);
    const result = await reconcile({
      processor: options.processor,
      processorTransactions: streamProcessorTransactions(db, options.processor, read),
      internalTransactions: streamInternalTransactions(db, options.processor, read),
      options: { ...settings.match, window: dayWindow(options.runDate) },
    });
    return { result, ...pairedIdsOf(result) };
  }
  const plan = await planDay(db, {
    jobKey: options.jobKey ?? `inline-${options.processor}-${options.runDate}-${process.pid}-${Date.now()}`,
    attempt: 0,
    runId: options.runId ?? "00000000-0000-0000-0000-000000000000",
    processor: options.processor,
    runDate: options.runDate,
    settings,
  });
  const partitions: PartitionResult[] = [];
  for (let partition = 0; partition < plan.partitions; partition++) {
    partitions.push(await reconcilePlanPartition(db, plan, partition, settings));
  }
  // The results are in hand; the plan was only this call's scratch space.
  await deleteReconcilePlan(db, plan.id);
  return { ...settlePlan(plan, partitions, settings), plan };
}
