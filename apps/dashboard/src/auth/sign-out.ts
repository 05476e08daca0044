import { Router } from "express";
import type * as client from "openid-client";
import { signOutTarget } from "./oidc-sign-in";
import type { OidcSettings } from "./oidc-settings";
import { SESSION_COOKIE } from "./sessions";
import "./session-data";

/**
 * POST /auth/logout (behind the CSRF check: a page elsewhere cannot sign people out): the session
 * is destroyed in Redis, then the provider's end_session endpoint ends the provider's session too
 * when it has one.
 */
export function signOutRoutes(oidc: { settings: OidcSettings; discover: () => Promise<client.Configuration> } | undefined): Router {
  const router = Router();
  router.post("/auth/logout", (request, response, next) => {
    const idToken = request.session.user?.idToken;
    request.session.destroy((error) => {
      if (error) return next(error);
      response.clearCookie(SESSION_COOKIE, { path: "/" });
      if (!oidc) return response.redirect(303, "/");
      signOutTarget(oidc.settings, oidc.discover, idToken).then((target) => response.redirect(303, target), next);
    });
  });
  return router;
}
