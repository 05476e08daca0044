import type { FleetConfig } from "@recon/fleet";
import type { MatchOptions } from "@recon/engine";

/** How a run reads, splits and matches its day; every process of a run must use the same. */
export interface ReconcileSettings {
  /** Grace period read into each neighbouring day, ms. */
  graceMs: number;
  /** Most residue records one partition (one child job) holds. */
  maxRecordsPerPartition: number;
  /** Postgres work_mem of the planning transaction, MB. */
  workMemMb: number;
  /** Fuzzy-pass tuning (the day window is set per run). */
  match: Omit<MatchOptions, "window">;
}

/** Defaults of the RECONCILE_* settings, for callers without a fleet config (CLI tools, tests). */
export const DEFAULT_RECONCILE_SETTINGS: ReconcileSettings = {
  graceMs: 60 * 60 * 1000,
  maxRecordsPerPartition: 100_000,
  workMemMb: 256,
  match: {},
};

export function reconcileSettingsOf(
  config: Pick<
    FleetConfig,
    | "RECONCILE_GRACE_MINUTES"
    | "RECONCILE_PARTITION_RECORDS"
    | "RECONCILE_WORK_MEM_MB"
    | "RECONCILE_AMOUNT_TOLERANCE_BPS"
    | "RECONCILE_TIME_TOLERANCE_MINUTES"
  >,
): ReconcileSettings {
  return {
    graceMs: config.RECONCILE_GRACE_MINUTES * 60_000,
    maxRecordsPerPartition: config.RECONCILE_PARTITION_RECORDS,
    workMemMb: config.RECONCILE_WORK_MEM_MB,
    match: {
      amountToleranceBps: config.RECONCILE_AMOUNT_TOLERANCE_BPS,
      timeToleranceMs: config.RECONCILE_TIME_TOLERANCE_MINUTES * 60_000,
    },
  };
}
