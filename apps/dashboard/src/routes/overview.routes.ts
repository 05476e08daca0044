import { Router } from "express";
import type { DashboardDeps } from "./dashboard-deps";

/** The overview pages (to be built). */
export function overviewRoutes(_deps: DashboardDeps): Router {
  return Router();
}
