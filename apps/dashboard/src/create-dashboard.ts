import { randomBytes } from "node:crypto";
import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import express, { type Express } from "express";
import type * as client from "openid-client";
import { authenticate, type SignInMode } from "./auth/authenticate";
import { bullBoardsByRole } from "./auth/bull-boards";
import { csrfCheck } from "./auth/csrf";
import { oidcSignInRoutes, providerDiscovery } from "./auth/oidc-sign-in";
import type { OidcSettings } from "./auth/oidc-settings";
import type { SessionSettings } from "./auth/session-settings";
import { sessionLifetime, sessions } from "./auth/sessions";
import { signOutRoutes } from "./auth/sign-out";
import { viewersOnlyRead } from "./auth/viewer-guard";
import { whoAmIRoutes } from "./auth/whoami";
import type { DashboardCredentials } from "./env";
import { breaksRoutes } from "./routes/breaks.routes";
import type { DashboardDeps } from "./routes/dashboard-deps";
import { overviewRoutes } from "./routes/overview.routes";
import { runsRoutes } from "./routes/runs.routes";
import { sameOriginOnly } from "./same-origin";
import { APP_CSS } from "./web/app-css";
import { APP_JS } from "./web/app-js";

export interface DashboardOptions {
  queues: QueueSet;
  db: Db;
  /** OpenID Connect sign-in (every deployment). When set, `credentials` is ignored. */
  oidc?: OidcSettings;
  /** Basic auth for a laptop sandbox; neither this nor `oidc`: a sandbox without authentication. */
  credentials?: DashboardCredentials | undefined;
  /** Session cookie and lifetimes. Default: a per-process secret, 480 minutes, 30 idle, not Secure. */
  session?: SessionSettings;
  /** Auditors' mode: everyone is at most a viewer. Default false. */
  readOnly?: boolean;
  /** The provider's discovered metadata (startDashboard discovers it before listening). */
  discover?: () => Promise<client.Configuration>;
  /** Where the run pages may open report files from (REPORTS_DIR, the S3 store). */
  reports?: DashboardDeps["reports"];
  /** FETCH_SLICES for re-runs. */
  fetchSlices?: number;
}

// Our pages carry no inline script or style: a page that shows hostile text cannot run it.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

function defaultSession(): SessionSettings {
  return { secret: randomBytes(32).toString("base64url"), secureCookie: false, maxAgeMinutes: 480, idleMinutes: 30 };
}

/**
 * The operators' workbench and Bull Board over every catalog queue, behind sign-in. Order matters:
 * sessions → sign-in routes → authentication (sets the viewer) → same-origin check → viewers
 * change nothing → Bull Board by role → body parser → CSRF check → sign-out and the pages.
 */
export function createDashboard(options: DashboardOptions): Express {
  const readOnly = options.readOnly ?? false;
  const sessionSettings = options.session ?? defaultSession();
  const oidc = options.oidc
    ? { settings: options.oidc, discover: options.discover ?? providerDiscovery(options.oidc) }
    : undefined;
  const mode: SignInMode = oidc ? { kind: "oidc" } : options.credentials ? { kind: "basic", credentials: options.credentials } : { kind: "sandbox" };

  const app = express();
  app.disable("x-powered-by");
  app.get("/assets/app.css", (_request, response) => response.type("css").set("Cache-Control", "max-age=300").send(APP_CSS));
  app.get("/assets/app.js", (_request, response) => response.type("js").set("Cache-Control", "max-age=300").send(APP_JS));
  // Our own pages (Bull Board brings its own scripts and styles, so it keeps its own headers).
  app.use((request, response, next) => {
    if (request.path === "/queues" || request.path.startsWith("/queues/")) return next();
    if (request.method !== "GET" && request.method !== "HEAD") response.set("Cache-Control", "no-store");
    response.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "same-origin");
    next();
  });
  // Sessions in every mode: the CSRF token lives in them (and the signed-in person with OIDC).
  app.use(sessions(sessionSettings, options.queues.connection, options.queues.prefix));
  app.use(sessionLifetime(sessionSettings));
  if (oidc) app.use(oidcSignInRoutes(oidc.settings, oidc.discover));
  app.use(authenticate(mode, readOnly));
  // Before anything that changes state. Bull Board's API (/queues/api) cannot send our CSRF
  // token: what protects it is this check of the browser's own Sec-Fetch-Site/Origin headers,
  // the SameSite=Lax session cookie (a cross-site POST arrives signed out) and the role guard.
  app.use(sameOriginOnly());
  app.use(whoAmIRoutes());
  app.use(viewersOnlyRead());
  app.use("/queues", bullBoardsByRole(options.queues));
  app.use(express.urlencoded({ extended: false, limit: "200kb" }));
  app.use(csrfCheck());
  app.use(signOutRoutes(oidc));
  const deps: DashboardDeps = { db: options.db, queues: options.queues, reports: options.reports, fetchSlices: options.fetchSlices };
  app.use(overviewRoutes(deps));
  app.use(runsRoutes(deps));
  app.use(breaksRoutes(deps));
  return app;
}
