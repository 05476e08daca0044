import { Router } from "express";
import { viewerOf } from "./roles";

/**
 * GET /auth/me: who is signed in, and the session's CSRF token, for scripts and tests that act
 * through the pages' forms. A page elsewhere cannot read it: the response is JSON without CORS.
 */
export function whoAmIRoutes(): Router {
  const router = Router();
  router.get("/auth/me", (_request, response) => {
    const viewer = viewerOf(response);
    response.set("Cache-Control", "no-store").json({ actor: viewer.actor, name: viewer.name, role: viewer.role, csrfToken: viewer.csrfToken });
  });
  return router;
}
