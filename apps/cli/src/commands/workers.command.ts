import { connectFetchingFleet, connectFleet, fleetEnv, runApp } from "@recon/fleet";
import { fetchesFromSources, parseWorkerKinds, startWorkerItems } from "../fleet/in-process-workers";

/**
 * `recon workers [--only fetch,reconcile]`: runs workers in this process until SIGTERM/SIGINT,
 * with the life of every long-running app (runApp): a failed start exits 1 with one line.
 */
export async function workersCommand(raw: { only?: string }): Promise<void> {
  const kinds = parseWorkerKinds(raw.only);
  await runApp({
    name: "recon-workers",
    env: fleetEnv,
    logFd: 2,
    // Only with a fetch worker does the process need (and check) the sources' credentials.
    connect: fetchesFromSources(kinds) ? connectFetchingFleet : connectFleet,
    start: (ctx) => ({ running: startWorkerItems(ctx, kinds) }),
  });
}
