import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import express, { type Express } from "express";
import { basicAuth } from "./basic-auth";
import type { DashboardCredentials } from "./env";
import { breaksRoutes } from "./routes/breaks.routes";
import type { DashboardDeps } from "./routes/dashboard-deps";
import { overviewRoutes } from "./routes/overview.routes";
import { runsRoutes } from "./routes/runs.routes";
import { sameOriginOnly } from "./same-origin";
import { APP_CSS } from "./web/app-css";
import { APP_JS } from "./web/app-js";
import type { Viewer } from "./auth/roles";

export interface DashboardOptions {
  queues: QueueSet;
  db: Db;
  /** Required credentials; undefined only for a declared local sandbox. */
  credentials: DashboardCredentials | undefined;
  /** Auditors' mode: nothing can be retried, promoted, cleaned or removed. Default false. */
  readOnly?: boolean;
  /** Where the run pages may open report files from (REPORTS_DIR, the S3 store). */
  reports?: DashboardDeps["reports"];
  /** FETCH_SLICES for re-runs. */
  fetchSlices?: number;
}

// Our pages carry no inline script or style: a page that shows hostile text cannot run it.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** The operators' workbench and Bull Board over every catalog queue, behind authentication; changes only from the same origin. */
export function createDashboard(options: DashboardOptions): Express {
  const readOnly = options.readOnly ?? false;
  const app = express();
  app.disable("x-powered-by");
  app.get("/assets/app.css", (_request, response) => response.type("css").set("Cache-Control", "max-age=300").send(APP_CSS));
  app.get("/assets/app.js", (_request, response) => response.type("js").set("Cache-Control", "max-age=300").send(APP_JS));
  if (options.credentials) app.use(basicAuth(options.credentials));
  // Until sign-in lands: Basic auth or the declared sandbox acts as an admin named by its user.
  app.use((_request, response, next) => {
    const name = options.credentials?.user ?? "sandbox";
    response.locals.viewer = { actor: `web:${name}`, name, role: readOnly ? "viewer" : "admin", csrfToken: "" } satisfies Viewer;
    next();
  });
  // Before anything that changes state: Bull Board's API acts on the browser's cached
  // credentials, so a page elsewhere must not be able to make it act.
  app.use(sameOriginOnly());
  if (readOnly) {
    // Defence in depth: Bull Board hides its buttons in read-only mode, and the API refuses too.
    app.use((request, response, next) => {
      if (request.method === "GET" || request.method === "HEAD") return next();
      response.status(403).type("text/plain").send("the dashboard is read-only\n");
    });
  }

  const board = new ExpressAdapter();
  board.setBasePath("/queues");
  createBullBoard({
    queues: Object.values(options.queues.queues).map(
      (queue) => new BullMQAdapter(queue, { readOnlyMode: readOnly, allowRetries: !readOnly }),
    ),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: readOnly ? "recon (read-only)" : "recon" } },
  });
  app.use("/queues", board.getRouter() as express.Router);
  app.use((request, response, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") response.set("Cache-Control", "no-store");
    response.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "same-origin");
    next();
  });
  app.use(express.urlencoded({ extended: false, limit: "200kb" }));
  const deps: DashboardDeps = { db: options.db, queues: options.queues, reports: options.reports, fetchSlices: options.fetchSlices };
  app.use(overviewRoutes(deps));
  app.use(runsRoutes(deps));
  app.use(breaksRoutes(deps));
  return app;
}
