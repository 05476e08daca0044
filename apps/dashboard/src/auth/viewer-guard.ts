import type { RequestHandler } from "express";
import { hasRole, viewerOf } from "./roles";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A viewer changes nothing: every non-GET request from one is refused here, whatever route it
 * aims at (pages, Bull Board's API), besides each route's own requireRole. Signing out is allowed.
 */
export function viewersOnlyRead(): RequestHandler {
  return (request, response, next) => {
    if (SAFE_METHODS.has(request.method) || request.path === "/auth/logout") return next();
    const viewer = viewerOf(response);
    if (hasRole(viewer, "operator")) return next();
    response.status(403).type("text/plain").send(`${viewer.name} is a viewer: the dashboard is read-only for viewers\n`);
  };
}
