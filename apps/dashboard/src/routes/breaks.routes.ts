import { Router } from "express";
import type { DashboardDeps } from "./dashboard-deps";

/** The breaks pages (to be built). */
export function breaksRoutes(_deps: DashboardDeps): Router {
  return Router();
}
