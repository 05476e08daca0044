import type { RequestHandler, Response } from "express";

/** What a signed-in person may do, each role including the ones before it. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is looking at the dashboard, set on `response.locals.viewer` by authentication before any
 * page runs. `actor` is what the audit log records for their actions ("web:alice@example.com").
 */
export interface Viewer {
  actor: string;
  /** Shown in the header. */
  name: string;
  role: Role;
  /** Sent back in every form (field `_csrf`) and checked on every state-changing request. */
  csrfToken: string;
}

/** viewer: read everything. operator: resolve, reopen, re-run, retry jobs. admin: everything. */
export function hasRole(viewer: Pick<Viewer, "role">, least: Role): boolean {
  return ROLES.indexOf(viewer.role) >= ROLES.indexOf(least);
}

export function viewerOf(response: Response): Viewer {
  const viewer = response.locals.viewer as Viewer | undefined;
  if (viewer === undefined) throw new Error("no viewer on the response: authentication must run before the pages");
  return viewer;
}

/** Refuses (403) a request from someone below `least`: the server decides, not the hidden button. */
export function requireRole(least: Role): RequestHandler {
  return (_request, response, next) => {
    const viewer = viewerOf(response);
    if (hasRole(viewer, least)) return next();
    response.status(403).type("text/plain").send(`${viewer.name} is a ${viewer.role}: this needs the ${least} role\n`);
  };
}
