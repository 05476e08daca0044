// report-worker: renders each completed run's reports.
import { connectFleet, fleetEnv, runApp } from "@recon/fleet";
import { startReportWorker } from "@recon/reporting";

await runApp({
  name: "report-worker",
  env: fleetEnv,
  connect: connectFleet,
  start: (ctx) => ({ running: [startReportWorker(ctx)] }),
});
