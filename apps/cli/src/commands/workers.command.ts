import { runWorkerApp } from "@recon/fleet";
import { fetchesFromSources, parseWorkerKinds, startWorkerItems } from "../fleet/in-process-workers";

/**
 * `recon workers [--only fetch,reconcile]`: runs workers in this process until SIGTERM/SIGINT,
 * with the life of every worker app (runWorkerApp): a failed start exits 1 with one line.
 */
export async function workersCommand(raw: { only?: string }): Promise<void> {
  const kinds = parseWorkerKinds(raw.only);
  // Only with a fetch worker does the process need (and check) the sources' credentials.
  await runWorkerApp("recon-workers", (ctx) => startWorkerItems(ctx, kinds), { logFd: 2, ...(fetchesFromSources(kinds) ? { sources: {} } : {}) });
}
