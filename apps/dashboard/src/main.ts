// dashboard: the operators' workbench and Bull Board over every queue, behind sign-in.
import { connectBesideFleet, runApp } from "@recon/fleet";
import { s3ReportStoreFromConfig } from "@recon/reports";
import { describeListenError } from "@recon/runtime";
import { dashboardAppEnv, resolveDashboardAuth } from "./env";
import { startDashboard } from "./start-dashboard";

await runApp({
  name: "dashboard",
  // Sign-in that is missing or half configured is refused with the rest of the configuration, before connecting.
  env: dashboardAppEnv.transform((config) => ({ ...config, auth: resolveDashboardAuth(config) })),
  connect: connectBesideFleet,
  async start({ db, queues }, config, logger) {
    const { auth } = config;
    if (!auth.oidc && !auth.credentials) logger.warn("DASHBOARD_SANDBOX is set: the dashboard runs WITHOUT authentication");
    else if (!auth.oidc) logger.warn("DASHBOARD_SANDBOX is set: the dashboard uses Basic auth (a laptop sandbox only)");
    const dashboard = await startDashboard({
      queues,
      db,
      oidc: auth.oidc,
      credentials: auth.credentials,
      session: auth.session,
      readOnly: config.DASHBOARD_READ_ONLY,
      reports: { dir: config.REPORTS_DIR, s3: s3ReportStoreFromConfig(config) },
      fetchSlices: config.FETCH_SLICES,
      port: config.DASHBOARD_PORT,
    }).catch((error: unknown) => {
      throw describeListenError(error, "DASHBOARD_PORT", config.DASHBOARD_PORT);
    });
    return {
      running: [{ name: "dashboard", stop: () => dashboard.close() }],
      log: {
        url: `${dashboard.url}/queues`,
        signIn: auth.oidc ? `oidc ${auth.oidc.issuer.href}` : auth.credentials ? "basic (sandbox)" : "none (sandbox)",
        readOnly: config.DASHBOARD_READ_ONLY,
      },
    };
  },
});
