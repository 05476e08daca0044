// report-worker: renders each completed run's reports.
import { createFleetContext, fleetEnv, runApp } from "@recon/fleet";
import { startReportWorker } from "./start";

await runApp({
  name: "report-worker",
  env: fleetEnv,
  connect: (config, logger, app) => createFleetContext(config, logger, { app }),
  start: (ctx) => ({ running: [startReportWorker(ctx)] }),
});
