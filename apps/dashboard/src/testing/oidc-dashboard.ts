import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { GroupRoles } from "../auth/group-roles";
import type { SessionSettings } from "../auth/session-settings";
import { createDashboard, type DashboardOptions } from "../create-dashboard";
import { startOidcTestProvider, type OidcTestProvider, type TestAccount } from "./oidc-test-provider";

const TEST_CLIENT = { clientId: "recon-dashboard", clientSecret: "test-client-secret-not-a-real-one" };
const TEST_GROUPS: GroupRoles = { claim: "groups", viewer: ["recon-viewers"], operator: ["recon-operators"], admin: ["recon-admins"] };
/** Accounts of the test provider: the login name is the sub. */
const TEST_ACCOUNTS: TestAccount[] = [
  { sub: "vera", email: "vera@example.com", name: "Vera Viewer", groups: ["recon-viewers"] },
  { sub: "otto", email: "otto@example.com", name: "Otto Operator", groups: ["staff", "recon-operators"] },
  { sub: "ada", email: "ada@example.com", name: "Ada Admin", groups: ["recon-admins", "recon-viewers"] },
  { sub: "nobody", email: "nobody@example.com", name: "No Groups", groups: ["staff"] },
  // An email too long to name anyone in the audit log (actorName: 1-64 characters).
  { sub: "lengthy", email: `${"l".repeat(60)}@example.com`, name: "Lengthy", groups: ["recon-operators"] },
];

export interface OidcDashboard {
  url: string;
  provider: OidcTestProvider;
  /** The Express app, for a test to add routes behind all of the dashboard's middleware. */
  app: Express;
  close(): Promise<void>;
}

/**
 * A dashboard signing in through a real local OIDC provider (oidc-provider on 127.0.0.1), with
 * TEST_ACCOUNTS and TEST_GROUPS unless given. Sign in with signInThroughProvider(url, "otto").
 */
export async function startOidcDashboard(
  options: Pick<DashboardOptions, "queues" | "db" | "readOnly" | "reports" | "fetchSlices"> & { accounts?: TestAccount[]; groups?: GroupRoles; session?: Partial<SessionSettings> },
): Promise<OidcDashboard> {
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server: Server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = await startOidcTestProvider({
    ...TEST_CLIENT,
    redirectUris: [`${url}/auth/callback`],
    postLogoutRedirectUris: [`${url}/`],
    accounts: options.accounts ?? TEST_ACCOUNTS,
  });
  const app = createDashboard({
    queues: options.queues,
    db: options.db,
    readOnly: options.readOnly ?? false,
    reports: options.reports,
    fetchSlices: options.fetchSlices,
    oidc: { issuer: new URL(provider.issuer), ...TEST_CLIENT, publicUrl: new URL(url), scopes: "openid email profile", groups: options.groups ?? TEST_GROUPS },
    session: { secret: "a-test-session-secret-of-32-characters!", secureCookie: false, maxAgeMinutes: 480, idleMinutes: 30, ...options.session },
  });
  handle = app;
  return {
    url,
    provider,
    app,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await provider.close();
    },
  };
}
