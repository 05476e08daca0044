import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@recon/testing";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDashboardBacking, type DashboardBacking } from "../testing/dashboard-backing";
import { startOidcDashboard, type OidcDashboard } from "../testing/oidc-dashboard";

/** Generous: a busy 2-core machine can be slow to start Chromium; the test waits for states. */
const UI_TIMEOUT = 60_000;

describe("OIDC sign-in in a browser", () => {
  let backing: DashboardBacking;
  let db: Db;
  let queues: QueueSet;
  let dashboard: OidcDashboard;
  let context: BrowserContext | undefined;
  let profile: string | undefined;

  beforeAll(async () => {
    backing = await openDashboardBacking("dashboard_oidc_browser", { maxConnections: 2 });
    db = backing.db;
    queues = backing.queues;
    dashboard = await startOidcDashboard({ queues, db });
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (profile) await rm(profile, { recursive: true, force: true });
    await dashboard?.close();
    await backing?.close();
  });

  it("signs an operator in through the provider's form and back to the page asked for, then out", async () => {
    profile = await mkdtemp(join(tmpdir(), "recon-chromium-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(`${dashboard.url}/runs`, { waitUntil: "domcontentloaded" });
    // The provider's sign-in form (its dev interactions: the login name picks the account).
    await page.locator('input[name="login"]').fill("otto");
    await page.locator('input[name="password"]').fill("any");
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${dashboard.url}/runs`, { waitUntil: "domcontentloaded" });
    const cookie = (await context.cookies(dashboard.url)).find((item) => item.name === "recon.sid");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    const me = await page.evaluate(async () => (await fetch("/auth/me")).json());
    expect(me).toMatchObject({ actor: "web:otto@example.com", role: "operator" });
    // Sign out with the session's token: a redirect (to the provider's end_session endpoint); the session is gone.
    const token = (me as { csrfToken: string }).csrfToken;
    const status = await page.evaluate(
      async (csrf) => (await fetch("/auth/logout", { method: "POST", headers: { "x-csrf-token": csrf }, redirect: "manual" })).type,
      token,
    );
    expect(status).toBe("opaqueredirect");
    expect(await page.evaluate(async () => (await fetch("/auth/me", { redirect: "manual" })).type)).toBe("opaqueredirect");
  });
});
