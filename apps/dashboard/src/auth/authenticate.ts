import type { Request, RequestHandler } from "express";
import { credentialsMatch } from "../basic-auth";
import type { DashboardCredentials } from "../env";
import { csrfTokenFor } from "./csrf";
import { hasRole, type Role, type Viewer } from "./roles";
import "./session-data";

/** How this dashboard knows who is there. */
export type SignInMode = { kind: "oidc" } | { kind: "basic"; credentials: DashboardCredentials } | { kind: "sandbox" };

/** Bull Board's API answers its own scripts: a redirect to a sign-in page would only confuse them. */
function wantsPage(request: Request): boolean {
  return (request.method === "GET" || request.method === "HEAD") && !request.path.startsWith("/queues/api");
}

/** At most a viewer when the dashboard is read-only (DASHBOARD_READ_ONLY). */
function capped(role: Role, readOnly: boolean): Role {
  return readOnly && hasRole({ role }, "operator") ? "viewer" : role;
}

/**
 * Sets `response.locals.viewer` or refuses: with OIDC a page request without a signed-in session
 * goes to /auth/login (coming back afterwards), anything else gets 401; with Basic (sandbox only)
 * the browser is challenged; the bare sandbox lets everyone in as "sandbox". Bull Board's
 * requests carry no CSRF token, so they get none (and create no session).
 */
export function authenticate(mode: SignInMode, readOnly: boolean): RequestHandler {
  return (request, response, next) => {
    let who: Pick<Viewer, "actor" | "name" | "role">;
    if (mode.kind === "oidc") {
      const user = request.session.user;
      if (!user) {
        if (wantsPage(request)) {
          response.redirect(302, `/auth/login?returnTo=${encodeURIComponent(request.originalUrl)}`);
        } else {
          response.status(401).type("text/plain").set("Cache-Control", "no-store").send("sign in first: /auth/login\n");
        }
        return;
      }
      who = user;
    } else if (mode.kind === "basic") {
      if (!credentialsMatch(request.headers.authorization, mode.credentials)) {
        response.set("WWW-Authenticate", 'Basic realm="recon dashboard", charset="UTF-8"');
        response.status(401).type("text/plain").send("authentication required\n");
        return;
      }
      who = { actor: `web:${mode.credentials.user}`, name: mode.credentials.user, role: "admin" };
    } else {
      who = { actor: "web:sandbox", name: "sandbox", role: "admin" };
    }
    const csrfToken = request.path.startsWith("/queues") ? "" : csrfTokenFor(request);
    response.locals.viewer = { actor: who.actor, name: who.name, role: capped(who.role, readOnly), csrfToken } satisfies Viewer;
    next();
  };
}
