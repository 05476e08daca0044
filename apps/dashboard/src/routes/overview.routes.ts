import { loadOverview } from "@recon/db";
import { Router } from "express";
import { viewerOf } from "../auth/roles";
import { renderOverviewPage } from "../pages/overview/overview-page";
import { dateParam } from "../pages/runs/query-params";
import { asyncPage } from "./async-route";
import type { DashboardDeps } from "./dashboard-deps";

/** `/`: the last 30 days per processor (or those ending at ?asOf=YYYY-MM-DD), the trend and what needs attention. */
export function overviewRoutes(deps: DashboardDeps): Router {
  const router = Router();
  router.get(
    "/",
    asyncPage("overview", async (request, response) => {
      const asOf = dateParam(request.query, "asOf");
      const overview = await loadOverview(deps.db, asOf === undefined ? {} : { asOf });
      response.type("html").send(renderOverviewPage(viewerOf(response), overview));
    }),
  );
  return router;
}
