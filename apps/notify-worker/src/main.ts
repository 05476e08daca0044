// notify-worker: alerts people about completed and failed runs.
import { runWorkerApp } from "@recon/fleet";
import { startNotifyWorker } from "@recon/alerting";

await runWorkerApp("notify-worker", (ctx) => [startNotifyWorker(ctx)]);
