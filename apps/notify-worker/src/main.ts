// notify-worker: alerts people about completed and failed runs.
import { createFleetContext, fleetEnv, runApp } from "@recon/fleet";
import { startNotifyWorker } from "./start";

await runApp({
  name: "notify-worker",
  env: fleetEnv,
  connect: (config, logger, app) => createFleetContext(config, logger, { app }),
  start: (ctx) => ({ running: [startNotifyWorker(ctx)] }),
});
