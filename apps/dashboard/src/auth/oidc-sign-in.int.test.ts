import type { Db } from "@recon/db";
import { enqueue, type QueueSet } from "@recon/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDashboardBacking, type DashboardBacking } from "../testing/dashboard-backing";
import { startOidcDashboard, type OidcDashboard } from "../testing/oidc-dashboard";
import { browse, CookieJar, fetchWithJar, signInThroughProvider } from "../testing/oidc-sign-in-client";
import { requireRole } from "./roles";
import { SESSION_COOKIE, sessionKeyPrefix } from "./sessions";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** The session id inside the signed cookie value "s:<id>.<signature>". */
function sessionId(cookie: string | undefined): string {
  const match = /^s:([^.]+)\./.exec(decodeURIComponent(cookie ?? ""));
  if (!match) throw new Error(`no signed session cookie: ${cookie}`);
  return match[1]!;
}

describe("OIDC sign-in", () => {
  let backing: DashboardBacking;
  let db: Db;
  let queues: QueueSet;
  let dashboard: OidcDashboard;

  beforeAll(async () => {
    backing = await openDashboardBacking("dashboard_oidc", { maxConnections: 2 });
    db = backing.db;
    queues = backing.queues;
    dashboard = await startOidcDashboard({ queues, db });
    // A state-changing page route, behind every middleware of the dashboard, as the workbench's are.
    dashboard.app.post("/test/act", requireRole("operator"), (_request, response) => response.status(303).location("/?done=acted").end());
  });

  afterAll(async () => {
    await dashboard?.close();
    await backing?.close();
  });

  it("sends a page request without a session to sign in, and refuses other requests with 401", async () => {
    const page = await fetch(`${dashboard.url}/runs?day=2025-10-09`, { redirect: "manual" });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/auth/login?returnTo=${encodeURIComponent("/runs?day=2025-10-09")}`);
    expect((await fetch(`${dashboard.url}/queues/api/queues`, { redirect: "manual" })).status).toBe(401);
    expect((await fetch(`${dashboard.url}/test/act`, { method: "POST", redirect: "manual" })).status).toBe(401);
  });

  it("signs a viewer and an operator in with the role of their groups, back on the page they asked for", async () => {
    const viewer = await signInThroughProvider(dashboard.url, "vera");
    expect(viewer.landed.url).toBe(`${dashboard.url}/auth/me`);
    expect(await viewer.me()).toMatchObject({ actor: "web:vera@example.com", name: "Vera Viewer", role: "viewer" });
    const operator = await signInThroughProvider(dashboard.url, "otto");
    expect(await operator.me()).toMatchObject({ actor: "web:otto@example.com", name: "Otto Operator", role: "operator" });
    // The highest role wins.
    const admin = await signInThroughProvider(dashboard.url, "ada");
    expect((await admin.me()).role).toBe("admin");
    const runs = await signInThroughProvider(dashboard.url, "vera", "/runs");
    expect(runs.landed.url).toBe(`${dashboard.url}/runs`);
    expect(runs.landed.response.status).toBe(200);
  });

  it("gives a new session id at sign-in (no fixation)", async () => {
    const jar = new CookieJar();
    await fetchWithJar(jar, `${dashboard.url}/auth/login`);
    const before = jar.get(dashboard.url, SESSION_COOKIE);
    expect(before).toBeDefined();
    await browse(jar, `${dashboard.url}/auth/login`, "otto");
    const after = jar.get(dashboard.url, SESSION_COOKIE);
    expect(sessionId(after)).not.toBe(sessionId(before));
  });

  it("refuses a viewer's changes on the server: page routes and Bull Board's API", async () => {
    const job = await enqueue(queues, "notify.send", {
      eventId: "00000000-0000-4000-8000-000000000001",
      eventType: "run.failed",
      runId: "00000000-0000-4000-8000-000000000002",
    });
    const viewer = await signInThroughProvider(dashboard.url, "vera");
    const { csrfToken } = await viewer.me();
    const act = await viewer.fetch("/test/act", form({ _csrf: csrfToken }));
    expect(act.status).toBe(403);
    expect(await act.text()).toContain("viewer");
    const promote = await viewer.fetch(`/queues/api/queues/notify/${job.id}/promote`, { method: "PUT" });
    expect(promote.status).toBe(403);
    const listed = await viewer.fetch("/queues/api/queues?activeQueue=notify&status=waiting&page=1");
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(body.queues.every((queue) => queue.readOnlyMode)).toBe(true);
    expect(await queues.queues.notify.getJobState(job.id!)).toBe("waiting");

    // The operator's board is the full one.
    const operator = await signInThroughProvider(dashboard.url, "otto");
    const full = (await (await operator.fetch("/queues/api/queues?activeQueue=notify&status=waiting&page=1")).json()) as {
      queues: Array<{ readOnlyMode: boolean }>;
    };
    expect(full.queues.some((queue) => queue.readOnlyMode)).toBe(false);
  });

  it("refuses a state change without the session's CSRF token, and accepts it with", async () => {
    const operator = await signInThroughProvider(dashboard.url, "otto");
    const { csrfToken } = await operator.me();
    const missing = await operator.fetch("/test/act", form({}));
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("CSRF token missing or invalid");
    const wrong = await operator.fetch("/test/act", form({ _csrf: `${csrfToken}x` }));
    expect(wrong.status).toBe(403);
    const other = await signInThroughProvider(dashboard.url, "ada");
    expect((await operator.fetch("/test/act", form({ _csrf: (await other.me()).csrfToken }))).status).toBe(403);
    const withField = await operator.fetch("/test/act", form({ _csrf: csrfToken }));
    expect(withField.status).toBe(303);
    const withHeader = await operator.fetch("/test/act", { method: "POST", headers: { "x-csrf-token": csrfToken } });
    expect(withHeader.status).toBe(303);

    // Sign-out is CSRF-checked too; then the session is gone.
    expect((await operator.fetch("/auth/logout", form({}))).status).toBe(403);
    const out = await operator.fetch("/auth/logout", form({ _csrf: csrfToken }));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toContain(`${dashboard.provider.issuer}/session/end`);
    expect((await operator.fetch("/auth/me")).status).toBe(302);
  });

  it("ends a session past its lifetime: the next page goes to sign in", async () => {
    const operator = await signInThroughProvider(dashboard.url, "otto");
    const key = `${sessionKeyPrefix(queues.prefix)}${sessionId(operator.jar.get(dashboard.url, SESSION_COOKIE))}`;
    const stored = JSON.parse((await queues.connection.get(key))!) as { user: { signedInAt: number; lastSeenAt: number } };
    expect((await operator.fetch("/auth/me")).status).toBe(200);
    // Signed in 9 hours ago (the lifetime is 8), seen just now: the absolute lifetime ends it.
    stored.user.signedInAt = Date.now() - 9 * 3_600_000;
    await queues.connection.set(key, JSON.stringify(stored), "KEEPTTL");
    const expired = await operator.fetch("/runs");
    expect(expired.status).toBe(302);
    expect(expired.headers.get("location")).toMatch(/^\/auth\/login\?returnTo=/);

    const idle = await signInThroughProvider(dashboard.url, "otto");
    const idleKey = `${sessionKeyPrefix(queues.prefix)}${sessionId(idle.jar.get(dashboard.url, SESSION_COOKIE))}`;
    const idleStored = JSON.parse((await queues.connection.get(idleKey))!) as { user: { lastSeenAt: number } };
    idleStored.user.lastSeenAt = Date.now() - 31 * 60_000;
    await queues.connection.set(idleKey, JSON.stringify(idleStored), "KEEPTTL");
    expect((await idle.fetch("/auth/me")).status).toBe(302);
  });

  it("never redirects off the dashboard after sign-in", async () => {
    for (const target of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/auth/logout", "javascript:alert(1)"]) {
      const signedIn = await signInThroughProvider(dashboard.url, "otto", target);
      expect(signedIn.landed.hops.at(-2)?.url, target).toMatch(/\/auth\/callback\?/);
      expect(signedIn.landed.url, target).toBe(`${dashboard.url}/`);
    }
  });

  it("refuses someone in none of the groups, naming the claim and the groups expected", async () => {
    const outsider = await signInThroughProvider(dashboard.url, "nobody");
    expect(outsider.landed.response.status).toBe(403);
    const page = await outsider.landed.response.text();
    expect(page).toContain("the claim &#34;groups&#34;");
    expect(page).toContain("operator: recon-operators");
    expect((await outsider.fetch("/auth/me")).status).toBe(302);
  });

  it("refuses someone whose email cannot name them in the audit log", async () => {
    const lengthy = await signInThroughProvider(dashboard.url, "lengthy");
    expect(lengthy.landed.response.status).toBe(403);
    expect(await lengthy.landed.response.text()).toContain("cannot name you in the audit log");
    expect((await lengthy.fetch("/auth/me")).status).toBe(302);
  });

  it("refuses a callback that no sign-in started, or whose state does not match", async () => {
    const jar = new CookieJar();
    expect((await fetchWithJar(jar, `${dashboard.url}/auth/callback?code=x&state=y`)).status).toBe(400);
    const start = await fetchWithJar(jar, `${dashboard.url}/auth/login`);
    expect(start.status).toBe(303);
    const forged = await fetchWithJar(jar, `${dashboard.url}/auth/callback?code=x&state=forged`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("Sign-in failed");
  });
});

describe("OIDC sign-in on a read-only dashboard (DASHBOARD_READ_ONLY)", () => {
  let backing: DashboardBacking;
  let db: Db;
  let queues: QueueSet;
  let dashboard: OidcDashboard;

  beforeAll(async () => {
    backing = await openDashboardBacking("dashboard_oidc_ro", { maxConnections: 2 });
    db = backing.db;
    queues = backing.queues;
    dashboard = await startOidcDashboard({ queues, db, readOnly: true });
  });

  afterAll(async () => {
    await dashboard?.close();
    await backing?.close();
  });

  it("makes an admin a viewer, with the read-only board", async () => {
    const admin = await signInThroughProvider(dashboard.url, "ada");
    expect(await admin.me()).toMatchObject({ actor: "web:ada@example.com", role: "viewer" });
    const board = (await (await admin.fetch("/queues/api/queues?activeQueue=notify&status=waiting&page=1")).json()) as {
      queues: Array<{ readOnlyMode: boolean }>;
    };
    expect(board.queues.every((queue) => queue.readOnlyMode)).toBe(true);
  });
});
