import { parseEnv } from "@recon/runtime";
import { describe, expect, it } from "vitest";
import { dashboardAppEnv, resolveDashboardAuth } from "./env";

const OIDC = {
  OIDC_ISSUER_URL: "https://login.example.com/",
  OIDC_CLIENT_ID: "recon",
  OIDC_CLIENT_SECRET: "client-secret",
  DASHBOARD_PUBLIC_URL: "https://recon.example.com",
  DASHBOARD_SESSION_SECRET: "s".repeat(32),
  OIDC_VIEWER_GROUPS: "finance, auditors",
  OIDC_OPERATOR_GROUPS: "recon-ops",
};
const resolve = (env: Record<string, string>) => resolveDashboardAuth(parseEnv(dashboardAppEnv, env));

describe("the dashboard's sign-in configuration", () => {
  it("signs in with OIDC when it is configured: redirect URI, groups per role, Secure cookie from an https public URL", () => {
    const auth = resolve(OIDC);
    expect(auth.credentials).toBeUndefined();
    expect(auth.oidc).toMatchObject({
      clientId: "recon",
      clientSecret: "client-secret",
      scopes: "openid email profile",
      groups: { claim: "groups", viewer: ["finance", "auditors"], operator: ["recon-ops"], admin: [] },
    });
    expect(auth.oidc?.issuer.href).toBe("https://login.example.com/");
    expect(auth.session).toEqual({ secret: "s".repeat(32), secureCookie: true, maxAgeMinutes: 480, idleMinutes: 30 });
    const plain = resolve({ ...OIDC, DASHBOARD_PUBLIC_URL: "http://localhost:3000", OIDC_GROUPS_CLAIM: "roles", DASHBOARD_SESSION_MINUTES: "60", DASHBOARD_IDLE_MINUTES: "5" });
    expect(plain.session).toMatchObject({ secureCookie: false, maxAgeMinutes: 60, idleMinutes: 5 });
    expect(plain.oidc?.groups.claim).toBe("roles");
  });

  it("refuses half-set OIDC, naming what is missing", () => {
    expect(() => resolve({ OIDC_ISSUER_URL: OIDC.OIDC_ISSUER_URL })).toThrow(
      /set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET and DASHBOARD_PUBLIC_URL and DASHBOARD_SESSION_SECRET too/,
    );
    const { DASHBOARD_SESSION_SECRET: _secret, ...noSecret } = OIDC;
    expect(() => resolve(noSecret)).toThrow(/set DASHBOARD_SESSION_SECRET too/);
    const { OIDC_VIEWER_GROUPS: _viewers, OIDC_OPERATOR_GROUPS: _operators, ...noGroups } = OIDC;
    expect(() => resolve(noGroups)).toThrow(/needs at least one of OIDC_VIEWER_GROUPS, OIDC_OPERATOR_GROUPS, OIDC_ADMIN_GROUPS/);
    // Even with the sandbox flag: someone meant OIDC.
    expect(() => resolve({ DASHBOARD_SANDBOX: "true", OIDC_CLIENT_ID: "recon" })).toThrow(/half configured \(OIDC_CLIENT_ID set\)/);
  });

  it("refuses a short session secret", () => {
    expect(() => resolve({ ...OIDC, DASHBOARD_SESSION_SECRET: "short" })).toThrow(/DASHBOARD_SESSION_SECRET.*at least 32 characters/);
  });

  it("refuses to start with neither OIDC nor a declared sandbox, naming what to set", () => {
    expect(() => resolve({})).toThrow(/needs sign-in: set OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, DASHBOARD_PUBLIC_URL, DASHBOARD_SESSION_SECRET/);
    // Basic auth is a sandbox's: in a deployment it is refused, saying so.
    expect(() => resolve({ DASHBOARD_USER: "ops", DASHBOARD_PASSWORD: "pw" })).toThrow(/accepted only with DASHBOARD_SANDBOX=true/);
  });

  it("accepts Basic auth, or none, on a declared sandbox only", () => {
    const basic = resolve({ DASHBOARD_SANDBOX: "true", DASHBOARD_USER: "ops", DASHBOARD_PASSWORD: "pw" });
    expect(basic.oidc).toBeUndefined();
    expect(basic.credentials).toEqual({ user: "ops", password: "pw" });
    expect(basic.session.secret.length).toBeGreaterThanOrEqual(32);
    const open = resolve({ DASHBOARD_SANDBOX: "true" });
    expect(open.oidc).toBeUndefined();
    expect(open.credentials).toBeUndefined();
    expect(() => resolve({ DASHBOARD_SANDBOX: "true", DASHBOARD_USER: "ops" })).toThrow(/needs DASHBOARD_PASSWORD too/);
    // A sandbox may keep its sessions across restarts with a secret of its own.
    expect(resolve({ DASHBOARD_SANDBOX: "true", DASHBOARD_SESSION_SECRET: "k".repeat(40) }).session.secret).toBe("k".repeat(40));
    expect(() => resolve({ DASHBOARD_SESSION_SECRET: "k".repeat(40) })).toThrow(/needs sign-in/);
  });
});
