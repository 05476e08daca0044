import { Router } from "express";
import { renderRunsPage } from "../runs-page";
import type { DashboardDeps } from "./dashboard-deps";

/** The runs pages (to be built: the list below is the earlier page). */
export function runsRoutes(deps: DashboardDeps): Router {
  const router = Router();
  router.get("/runs", (_request, response, next) => {
    renderRunsPage(deps.db).then((page) => response.type("html").send(page), next);
  });
  return router;
}
