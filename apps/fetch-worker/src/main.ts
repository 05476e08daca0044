// fetch-worker: pulls each source's transactions for a slice of a day into Postgres.
import { runWorkerApp } from "@recon/fleet";
import { startFetchWorker } from "@recon/ingest";

// It fetches: it needs the ledger and at least one processor, or RECON_SANDBOX for the emulators.
await runWorkerApp("fetch-worker", (ctx) => [startFetchWorker(ctx)], { sources: {} });
