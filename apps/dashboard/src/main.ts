// dashboard: Bull Board over every queue, and a page of recent runs, behind authentication.
import { connectBesideFleet, runApp } from "@recon/fleet";
import { s3ReportStoreFromConfig } from "@recon/reports";
import { describeListenError } from "@recon/runtime";
import { dashboardAppEnv, resolveCredentials } from "./env";
import { startDashboard } from "./start-dashboard";

await runApp({
  name: "dashboard",
  // Missing credentials are refused with the rest of the configuration, before connecting.
  env: dashboardAppEnv.transform((config) => ({ ...config, credentials: resolveCredentials(config) })),
  connect: connectBesideFleet,
  async start({ db, queues }, config, logger) {
    if (!config.credentials)
      logger.warn("DASHBOARD_SANDBOX is set: the dashboard runs WITHOUT authentication");
    const dashboard = await startDashboard({
      queues,
      db,
      credentials: config.credentials,
      readOnly: config.DASHBOARD_READ_ONLY,
      reports: { dir: config.REPORTS_DIR, s3: s3ReportStoreFromConfig(config) },
      fetchSlices: config.FETCH_SLICES,
      port: config.DASHBOARD_PORT,
    }).catch((error: unknown) => {
      throw describeListenError(error, "DASHBOARD_PORT", config.DASHBOARD_PORT);
    });
    return {
      running: [{ name: "dashboard", stop: () => dashboard.close() }],
      log: { url: `${dashboard.url}/queues`, readOnly: config.DASHBOARD_READ_ONLY },
    };
  },
});
