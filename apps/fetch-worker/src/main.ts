// fetch-worker: pulls each source's transactions for a slice of a day into Postgres.
import { connectFetchingFleet, fleetEnv, runApp } from "@recon/fleet";
import { startFetchWorker } from "@recon/ingest";

await runApp({
  name: "fetch-worker",
  env: fleetEnv,
  // It fetches: it needs the ledger and at least one processor, or RECON_SANDBOX for the emulators.
  connect: connectFetchingFleet,
  start: (ctx) => ({ running: [startFetchWorker(ctx)] }),
});
