import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";

/** Methods that change nothing: Bull Board reads with GET, and OPTIONS is answered by Express. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Sec-Fetch-Site values of a request the dashboard's own pages made, or the user typed. */
const OWN_SITES = new Set(["same-origin", "none"]);

/**
 * Why a request that would change something must be refused as cross-origin, or undefined to let
 * it through. The browser keeps the dashboard's Basic credentials and sends them with any request
 * to it, also one a hostile page makes (a form POST, a no-cors fetch): only the browser's own
 * headers, which no page can set, tell the two apart.
 *
 * - `Sec-Fetch-Site` (every current browser) decides when present: `same-origin` (Bull Board's
 *   own calls) or `none` (typed by the user) pass; `same-site` and `cross-site` are refused, a
 *   sibling host or port is not the dashboard.
 * - Otherwise `Origin` (older browsers) must name the host the request was sent to. The scheme is
 *   not compared, because TLS may end at a proxy; a proxy in front must pass the Host header on.
 * - A request with neither passes: browsers send `Origin` with every POST, PUT, PATCH and DELETE
 *   (Fetch standard), so it comes from curl or a script, which must present the credentials
 *   themselves and cannot be made to act by a page.
 */
export function crossOriginRefusal(method: string, headers: IncomingHttpHeaders): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  const site = headers["sec-fetch-site"];
  if (site !== undefined) {
    return OWN_SITES.has(site) ? undefined : `a ${site} request cannot change anything here (Sec-Fetch-Site: ${site})`;
  }
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `a request from origin ${JSON.stringify(origin)} cannot change anything here`;
  }
  if (originHost === "" || originHost !== headers.host) {
    return `a request from ${origin} cannot change anything on ${headers.host ?? "this host"}`;
  }
  return undefined;
}

/** Refuses (403) every cross-origin request that would change something: Bull Board's API included. */
export function sameOriginOnly(): RequestHandler {
  return (request, response, next) => {
    const refusal = crossOriginRefusal(request.method, request.headers);
    if (refusal === undefined) return next();
    response.status(403).type("text/plain").send(`cross-origin request refused: ${refusal}\n`);
  };
}
