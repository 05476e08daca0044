// notify-worker: alerts people about completed and failed runs.
import { connectFleet, fleetEnv, runApp } from "@recon/fleet";
import { startNotifyWorker } from "@recon/alerting";

await runApp({
  name: "notify-worker",
  env: fleetEnv,
  connect: connectFleet,
  start: (ctx) => ({ running: [startNotifyWorker(ctx)] }),
});
