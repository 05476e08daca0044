import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { providerDiscovery } from "./auth/oidc-sign-in";
import { createDashboard, type DashboardOptions } from "./create-dashboard";

export interface StartedDashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the dashboard on a port (0 picks a free one). Default host 0.0.0.0. With OIDC the
 * provider is discovered first: an unreachable or wrong issuer fails the start, naming it.
 */
export async function startDashboard(options: DashboardOptions & { port: number; host?: string }): Promise<StartedDashboard> {
  const discover = options.oidc ? (options.discover ?? providerDiscovery(options.oidc)) : undefined;
  if (discover) await discover();
  const app = createDashboard({ ...options, ...(discover ? { discover } : {}) });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host ?? "0.0.0.0", (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
