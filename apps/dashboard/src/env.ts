import { randomBytes } from "node:crypto";
import { dashboardEnv, databaseEnv, fetchEnv, healthEnv, logEnv, redisEnv, reportsEnv, s3Env } from "@recon/runtime";
import type { GroupRoles } from "./auth/group-roles";
import type { OidcSettings } from "./auth/oidc-settings";
import type { SessionSettings } from "./auth/session-settings";

/** The dashboard's configuration: Redis and Postgres to read, sign-in, sessions, ports. */
export const dashboardAppEnv = databaseEnv
  .extend(redisEnv.shape)
  .extend(logEnv.shape)
  .extend(healthEnv.shape)
  .extend(dashboardEnv.shape)
  // The run page opens report files (REPORTS_DIR, or S3 through presigned URLs) and re-runs (FETCH_SLICES).
  .extend(reportsEnv.shape)
  .extend(s3Env.shape)
  .extend(fetchEnv.shape);

export type DashboardConfig = ReturnType<typeof dashboardAppEnv.parse>;

export interface DashboardCredentials {
  user: string;
  password: string;
}

/** How people sign in: OIDC in every deployment; Basic or nothing only on a declared laptop sandbox. */
export interface DashboardAuth {
  /** Set: OpenID Connect sign-in. */
  oidc: OidcSettings | undefined;
  /** Set (sandbox only): HTTP Basic auth. Neither set: the sandbox runs without authentication. */
  credentials: DashboardCredentials | undefined;
  session: SessionSettings;
}

const OIDC_REQUIRED = ["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "DASHBOARD_PUBLIC_URL", "DASHBOARD_SESSION_SECRET"] as const;
/** Any of these set means OIDC was meant (the session secret is not one: a sandbox may set it too). */
const OIDC_ANY = ["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "DASHBOARD_PUBLIC_URL", "OIDC_VIEWER_GROUPS", "OIDC_OPERATOR_GROUPS", "OIDC_ADMIN_GROUPS"] as const;

function groupList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((group) => group.trim())
    .filter((group) => group !== "");
}

/**
 * The sign-in the configuration asks for, or an error naming what to set. Bull Board can retry and
 * delete jobs and the workbench resolves breaks, so the dashboard never runs unprotected unless
 * DASHBOARD_SANDBOX declares a laptop sandbox, and Basic auth (one shared password, no roles, no
 * names in the audit log) is accepted only there.
 */
export function resolveDashboardAuth(config: DashboardConfig): DashboardAuth {
  const lifetime = { maxAgeMinutes: config.DASHBOARD_SESSION_MINUTES, idleMinutes: config.DASHBOARD_IDLE_MINUTES };
  const oidcSet = OIDC_ANY.filter((name) => config[name] !== undefined);
  if (oidcSet.length > 0) {
    const missing = OIDC_REQUIRED.filter((name) => config[name] === undefined);
    if (missing.length > 0) {
      throw new Error(`OIDC sign-in is half configured (${oidcSet.join(", ")} set): set ${missing.join(" and ")} too`);
    }
    const groups: GroupRoles = {
      claim: config.OIDC_GROUPS_CLAIM,
      viewer: groupList(config.OIDC_VIEWER_GROUPS),
      operator: groupList(config.OIDC_OPERATOR_GROUPS),
      admin: groupList(config.OIDC_ADMIN_GROUPS),
    };
    if (groups.viewer.length + groups.operator.length + groups.admin.length === 0) {
      throw new Error("OIDC sign-in needs at least one of OIDC_VIEWER_GROUPS, OIDC_OPERATOR_GROUPS, OIDC_ADMIN_GROUPS: nobody could sign in");
    }
    const publicUrl = new URL(config.DASHBOARD_PUBLIC_URL!);
    return {
      oidc: {
        issuer: new URL(config.OIDC_ISSUER_URL!),
        clientId: config.OIDC_CLIENT_ID!,
        clientSecret: config.OIDC_CLIENT_SECRET!,
        publicUrl,
        scopes: config.OIDC_SCOPES,
        groups,
      },
      credentials: undefined,
      session: { secret: config.DASHBOARD_SESSION_SECRET!, secureCookie: publicUrl.protocol === "https:", ...lifetime },
    };
  }
  if (!config.DASHBOARD_SANDBOX) {
    const basicHint = config.DASHBOARD_USER || config.DASHBOARD_PASSWORD ? " (DASHBOARD_USER/DASHBOARD_PASSWORD are accepted only with DASHBOARD_SANDBOX=true)" : "";
    throw new Error(
      `the dashboard needs sign-in: set ${OIDC_REQUIRED.join(", ")} and OIDC_*_GROUPS${basicHint}; ` +
        "it can retry and remove jobs and resolve breaks, so it never runs unprotected " +
        "(set DASHBOARD_SANDBOX=true on a laptop sandbox to use Basic auth or none)",
    );
  }
  if (Boolean(config.DASHBOARD_USER) !== Boolean(config.DASHBOARD_PASSWORD)) {
    throw new Error(`the sandbox's Basic auth needs ${config.DASHBOARD_USER ? "DASHBOARD_PASSWORD" : "DASHBOARD_USER"} too`);
  }
  return {
    oidc: undefined,
    credentials: config.DASHBOARD_USER ? { user: config.DASHBOARD_USER, password: config.DASHBOARD_PASSWORD! } : undefined,
    // A sandbox without a secret gets one per process: its sessions end when it restarts.
    session: {
      secret: config.DASHBOARD_SESSION_SECRET ?? randomBytes(32).toString("base64url"),
      secureCookie: config.DASHBOARD_PUBLIC_URL?.startsWith("https:") ?? false,
      ...lifetime,
    },
  };
}
