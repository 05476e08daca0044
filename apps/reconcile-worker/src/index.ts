export { startReconcileWorker } from "./start";
export { relayPendingEvents } from "./relay";
export type { ReconcileJobResult } from "./reconcile-run.job";
