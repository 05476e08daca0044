// reconcile-worker: joins processor and ledger records and records the run's outcome.
import { runWorkerApp } from "@recon/fleet";
import { startReconcileWorker } from "@recon/reconciliation";

await runWorkerApp("reconcile-worker", (ctx) => startReconcileWorker(ctx));
