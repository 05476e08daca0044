// dashboard: Bull Board over every queue, and a page of recent runs, behind authentication.
import { connectBesideFleet, serveBesideFleet } from "@recon/fleet";
import { createLogger, describeListenError, parseEnv, runMain } from "@recon/runtime";
import { dashboardAppEnv, resolveCredentials } from "./env";
import { startDashboard } from "./start-dashboard";

await runMain("dashboard", async () => {
  const config = parseEnv(dashboardAppEnv);
  const credentials = resolveCredentials(config);
  const logger = createLogger({ name: "dashboard", level: config.LOG_LEVEL });
  if (!credentials) logger.warn("DASHBOARD_SANDBOX is set: the dashboard runs WITHOUT authentication");

  const { db, connection, queues } = await connectBesideFleet("dashboard", config, logger);

  const dashboard = await startDashboard({ queues, db, credentials, readOnly: config.DASHBOARD_READ_ONLY, port: config.DASHBOARD_PORT }).catch(
    (error: unknown) => {
      throw describeListenError(error, "DASHBOARD_PORT", config.DASHBOARD_PORT);
    },
  );
  const health = await serveBesideFleet({ app: "dashboard", server: dashboard, queues, connection, db, logger, healthPort: config.HEALTH_PORT, watchQueues: true });
  logger.info({ url: `${dashboard.url}/queues`, readOnly: config.DASHBOARD_READ_ONLY, health: health.url }, "dashboard started");
});
