import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import express, { type Express } from "express";
import { basicAuth } from "./basic-auth";
import type { DashboardCredentials } from "./env";
import { renderRunsPage } from "./runs-page";
import { sameOriginOnly } from "./same-origin";

export interface DashboardOptions {
  queues: QueueSet;
  db: Db;
  /** Required credentials; undefined only for a declared local sandbox. */
  credentials: DashboardCredentials | undefined;
  /** Auditors' mode: nothing can be retried, promoted, cleaned or removed. Default false. */
  readOnly?: boolean;
}

/** Bull Board over every catalog queue, and the runs page, behind authentication; changes only from the same origin. */
export function createDashboard(options: DashboardOptions): Express {
  const readOnly = options.readOnly ?? false;
  const app = express();
  app.disable("x-powered-by");
  if (options.credentials) app.use(basicAuth(options.credentials));
  // Before anything that changes state: Bull Board's API acts on the browser's cached
  // credentials, so a page elsewhere must not be able to make it act. Our own pages have no
  // forms (the runs page only reads), so no CSRF token is needed beside this check.
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
  app.get("/runs", (_request, response, next) => {
    renderRunsPage(options.db).then((html) => response.type("html").send(html), next);
  });
  app.get("/", (_request, response) => response.redirect("/queues"));
  return app;
}
