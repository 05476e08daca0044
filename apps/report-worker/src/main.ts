// report-worker: renders each completed run's reports.
import { runWorkerApp } from "@recon/fleet";
import { startReportWorker } from "@recon/reporting";

await runWorkerApp("report-worker", (ctx) => [startReportWorker(ctx)]);
