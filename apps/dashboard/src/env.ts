import { dashboardEnv, databaseEnv, fetchEnv, healthEnv, logEnv, redisEnv, reportsEnv, s3Env } from "@recon/runtime";

/** The dashboard's configuration: Redis and Postgres to read, credentials, ports. */
export const dashboardAppEnv = databaseEnv
  .extend(redisEnv.shape)
  .extend(logEnv.shape)
  .extend(healthEnv.shape)
  .extend(dashboardEnv.shape)
  // The run page opens report files (REPORTS_DIR, or S3 through presigned URLs) and re-runs (FETCH_SLICES).
  .extend(reportsEnv.shape)
  .extend(s3Env.shape)
  .extend(fetchEnv.shape);

export type DashboardConfig = ReturnType<typeof dashboardAppEnv.parse>;

export interface DashboardCredentials {
  user: string;
  password: string;
}

/**
 * The credentials the dashboard demands, or undefined for an explicitly declared local sandbox.
 * Bull Board can retry and delete jobs, so an unprotected dashboard is refused unless someone
 * said, in configuration, that this is a sandbox.
 */
export function resolveCredentials(config: DashboardConfig): DashboardCredentials | undefined {
  if (config.DASHBOARD_USER && config.DASHBOARD_PASSWORD) {
    return { user: config.DASHBOARD_USER, password: config.DASHBOARD_PASSWORD };
  }
  if (config.DASHBOARD_SANDBOX) return undefined;
  const missing = [config.DASHBOARD_USER ? undefined : "DASHBOARD_USER", config.DASHBOARD_PASSWORD ? undefined : "DASHBOARD_PASSWORD"]
    .filter(Boolean)
    .join(" and ");
  throw new Error(
    `the dashboard needs ${missing}: it can retry and remove jobs, so it never runs unprotected ` +
      "(set DASHBOARD_SANDBOX=true to run without credentials on a local sandbox)",
  );
}
