export { startReconcileWorker } from "./start";
export { relayPendingEvents } from "./relay";
export type { ReconcileJobResult } from "./reconcile-run.job";
export { reconcileDay, readWindowOf, planDay, reconcilePlanPartition, settlePlan } from "./reconcile-day";
export { DEFAULT_RECONCILE_SETTINGS, reconcileSettingsOf, type ReconcileSettings } from "./reconcile-settings";
export type { ReconcilePartitionJobResult } from "./reconcile-partition.job";
export type { ReconcileDayOptions, ReconcileDayResult } from "./reconcile-day";
export { outcomesOf as outcomesOfResult, scoreOutcomes, type KindScore, type LabelledOutcome } from "@recon/engine";
export { RECONCILE_HEAP_LIMIT_MB } from "./heap-limit";
