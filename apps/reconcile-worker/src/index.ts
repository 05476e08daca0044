export { startReconcileWorker } from "./start";
export { relayPendingEvents } from "./relay";
export type { ReconcileJobResult } from "./reconcile-run.job";
export { reconcileDay, pairedIds, DEFAULT_GRACE_MS } from "./reconcile-day";
export type { ReconcileDayOptions, ReconcileDayResult } from "./reconcile-day";
export { outcomesOf as outcomesOfResult, scoreOutcomes, type KindScore, type LabelledOutcome } from "@recon/engine";
