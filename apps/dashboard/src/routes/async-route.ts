import type { NextFunction, Request, RequestHandler, Response } from "express";
import { viewerOf } from "../auth/roles";
import { DiscrepancyFilterError } from "@recon/db";
import { QueryError } from "../pages/runs/query-params";
import { renderProblemPage } from "../web/problem-page";
import type { Section } from "../web/page-shell";

/**
 * An async page handler: a filter or query the page cannot apply is answered with a 400 page
 * naming the problem; anything else goes to Express's error handler (a 500).
 */
export function asyncPage(section: Section, handler: (request: Request, response: Response) => Promise<void>): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    handler(request, response).catch((error: unknown) => {
      if ((error instanceof QueryError || error instanceof DiscrepancyFilterError) && !response.headersSent) {
        response.status(400).type("html").send(renderProblemPage(viewerOf(response), section, "Bad request", error.message));
        return;
      }
      next(error);
    });
  };
}
