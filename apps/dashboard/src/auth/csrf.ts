import { csrfSync } from "csrf-sync";
import type { Request, RequestHandler } from "express";
import "./session-data";
import { sendAuthPage } from "./auth-page";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Synchronizer tokens: one random token per session (in Redis), sent back by every form
 * (`_csrf`) or script (`x-csrf-token`). A page elsewhere can make the browser send the cookie,
 * never read the token.
 */
const protection = csrfSync({
  getTokenFromRequest: (request: Request) => {
    const field = (request.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof field === "string") return field;
    const header = request.headers["x-csrf-token"];
    return typeof header === "string" ? header : undefined;
  },
});

/** The session's token, created on first use. */
export function csrfTokenFor(request: Request): string {
  return protection.generateToken(request);
}

/** Refuses (403) a state-changing request whose token is missing or not the session's. Mount after the body parser. */
export function csrfCheck(): RequestHandler {
  return (request, response, next) => {
    if (SAFE_METHODS.has(request.method)) return next();
    if (protection.isRequestValid(request)) return next();
    sendAuthPage(response, 403, "Forbidden", "CSRF token missing or invalid: reload the page and try again.", false);
  };
}
