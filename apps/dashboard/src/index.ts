export { createDashboard, type DashboardOptions } from "./create-dashboard";
export { startDashboard, type StartedDashboard } from "./start-dashboard";
export { dashboardAppEnv, resolveCredentials, type DashboardConfig, type DashboardCredentials } from "./env";
export { basicAuth, credentialsMatch } from "./basic-auth";
export { crossOriginRefusal, sameOriginOnly } from "./same-origin";
