// reconcile-worker: joins processor and ledger records and records the run's outcome.
import { connectFleet, fleetEnv, runApp } from "@recon/fleet";
import { startReconcileWorker } from "@recon/reconciliation";

await runApp({
  name: "reconcile-worker",
  env: fleetEnv,
  connect: connectFleet,
  // The worker, and beside it the outbox relay and the run watchdog.
  start: (ctx) => ({ running: startReconcileWorker(ctx) }),
});
