import { startFetchWorker } from "@recon/ingest";
import type { Background, FetchingFleetContext, FleetContext } from "@recon/fleet";
import { startNotifyWorker } from "@recon/alerting";
import { startReconcileWorker } from "@recon/reconciliation";
import { startReportWorker } from "@recon/reporting";
import { startTriggerWorker } from "@recon/scheduling";
import type { Worker } from "bullmq";
import { UsageError } from "../usage-error";

/** The workers a process can run, by the names `recon workers --only` takes. */
const WORKER_KINDS = ["trigger", "fetch", "reconcile", "report", "notify"] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

const STARTERS: Record<WorkerKind, (ctx: FleetContext) => Array<Worker | Background>> = {
  trigger: (ctx) => [startTriggerWorker(ctx)],
  fetch: (ctx) => [startFetchWorker(fetching(ctx))],
  reconcile: (ctx) => startReconcileWorker(ctx),
  report: (ctx) => [startReportWorker(ctx)],
  notify: (ctx) => [startNotifyWorker(ctx)],
};

/** Whether these workers fetch, so their process must open the sources (createFleetContext's `sources`). */
export function fetchesFromSources(kinds: readonly WorkerKind[]): boolean {
  return kinds.includes("fetch");
}

function fetching(ctx: FleetContext): FetchingFleetContext {
  if (!ctx.sources) throw new Error("the fetch worker needs a fleet context opened with its sources (fetchesFromSources)");
  return ctx as FetchingFleetContext;
}

export function parseWorkerKinds(only: string | undefined): WorkerKind[] {
  if (!only) return [...WORKER_KINDS];
  const kinds = only.split(",").map((name) => name.trim()).filter(Boolean);
  for (const kind of kinds) {
    if (!(WORKER_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--only: unknown worker "${kind}": choose from ${WORKER_KINDS.join(", ")}`);
    }
  }
  return kinds as WorkerKind[];
}

/** Starts the workers (and their background loops) of these kinds. */
export function startWorkerItems(ctx: FleetContext, kinds: readonly WorkerKind[]): Array<Worker | Background> {
  return kinds.flatMap((kind) => STARTERS[kind](ctx));
}

/** Starts the same workers the fleet runs as deployments, inside this process. */
export function startWorkers(ctx: FleetContext, kinds: readonly WorkerKind[]): { workers: Worker[]; stop(): Promise<void> } {
  const started = startWorkerItems(ctx, kinds);
  return {
    workers: started.filter((item): item is Worker => !("stop" in item)),
    async stop() {
      await Promise.all(started.map((item) => ("stop" in item ? item.stop() : item.close())));
    },
  };
}
