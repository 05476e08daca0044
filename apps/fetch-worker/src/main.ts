// fetch-worker: pulls each source's transactions for a slice of a day into Postgres.
import { runWorkerApp } from "@recon/fleet";
import { startFetchWorker } from "./start";

await runWorkerApp("fetch-worker", (ctx) => [startFetchWorker(ctx)]);
