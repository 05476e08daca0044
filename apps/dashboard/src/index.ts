export { createDashboard, type DashboardOptions } from "./create-dashboard";
export { startDashboard, type StartedDashboard } from "./start-dashboard";
export { dashboardAppEnv, resolveDashboardAuth, type DashboardAuth, type DashboardConfig, type DashboardCredentials } from "./env";
export { credentialsMatch } from "./basic-auth";
export { crossOriginRefusal, sameOriginOnly } from "./same-origin";
