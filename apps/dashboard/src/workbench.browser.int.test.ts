// The operators' workbench in a real browser, signed in through a real OpenID Connect provider
// (oidc-provider on loopback), over runs the fleet itself made (`recon run --sandbox` for the
// last days). A viewer reads everything and the server refuses every change; an operator
// resolves a break with a note, and the CLI and the audit log name that person. axe-core checks
// the main pages; the screenshots in docs/images come from here (RECON_UPDATE_SCREENSHOTS=1).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Db } from "@recon/db";
import { todayUtc } from "@recon/domain";
import type { QueueSet } from "@recon/queue";
import { CHROMIUM_ARGS, CHROMIUM_PATH, deleteKeysUnder, testRedisUrl } from "@recon/testing";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousAxeViolations } from "./testing/axe-check";
import { openDashboardBacking, type DashboardBacking } from "./testing/dashboard-backing";
import { startOidcDashboard, type OidcDashboard } from "./testing/oidc-dashboard";

const CLI = join(import.meta.dirname, "../../cli/src/main.ts");
/** Generous: Chromium on a busy 2-core machine can be slow; every step waits for a state. */
const UI_TIMEOUT = 60_000;
/** Four days before today, so the overview's 30-day strips and trend have something to show. */
const RUN_DATES = [4, 3, 2, 1].map((daysAgo) => todayUtc(new Date(Date.now() - daysAgo * 86_400_000)));
const SCREENSHOTS = process.env.RECON_UPDATE_SCREENSHOTS === "1" ? join(import.meta.dirname, "../../../docs/images") : join(tmpdir(), "recon-workbench-screenshots");

const exec = promisify(execFile);

describe("the workbench in a browser, signed in through OpenID Connect", () => {
  let backing: DashboardBacking;
  let db: Db;
  let queues: QueueSet;
  let dashboard: OidcDashboard;
  let browser: Browser;
  let reportsDir: string;
  /** The CLI's queues, apart from the dashboard's and not under its `prefix:`, so removed on their own. */
  let cliPrefix: string;
  let cliEnv: NodeJS.ProcessEnv;

  const recon = async (args: string[]) => (await exec(process.execPath, ["--import", "tsx", CLI, ...args], { env: cliEnv, maxBuffer: 64 * 1024 * 1024 })).stdout;

  beforeAll(async () => {
    backing = await openDashboardBacking("workbench_browser", { maxConnections: 3 });
    db = backing.db;
    queues = backing.queues;
    cliPrefix = `${queues.prefix}-cli`;
    reportsDir = await mkdtemp(join(tmpdir(), "recon-workbench-reports-"));
    cliEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: backing.database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: cliPrefix, REPORTS_DIR: reportsDir, LOG_LEVEL: "error", RECON_SANDBOX: "true" };
    // The fleet's own main job, for each day: real runs, breaks, reports and audit entries.
    for (const date of RUN_DATES) await recon(["run", "--sandbox", "--date", date, "--json"]);
    dashboard = await startOidcDashboard({ queues, db, reports: { dir: reportsDir }, fetchSlices: 2 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await dashboard?.close();
    if (cliPrefix) await deleteKeysUnder(backing.queues.connection, cliPrefix);
    await backing?.close();
    await rm(reportsDir, { recursive: true, force: true });
  });

  /** A fresh browser profile signed in as `login` through the provider's own form. */
  async function signIn(login: string): Promise<Page> {
    // bypassCSP only lets axe-core's inline script in; the pages themselves need no exception.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(`${dashboard.url}/`, { waitUntil: "domcontentloaded" });
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any");
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${dashboard.url}/`, { waitUntil: "domcontentloaded" });
    return page;
  }

  /** The latest day's run of a processor, and an open amount_mismatch break (both records exist). */
  async function fixtures(): Promise<{ runId: string; breakIds: string[] }> {
    const run = await db.pool.query<{ id: string }>("SELECT id FROM reconciliation_runs WHERE processor_name = 'stripe' ORDER BY run_date DESC LIMIT 1");
    const breaks = await db.pool.query<{ id: string }>(
      "SELECT id::text FROM breaks WHERE status = 'open' AND kind = 'amount_mismatch' AND processor = 'stripe' ORDER BY amount_at_risk_minor DESC, id",
    );
    return { runId: run.rows[0]!.id, breakIds: breaks.rows.map((row) => row.id) };
  }

  async function breakStatus(id: string): Promise<{ status: string; resolved_by: string | null; note: string | null }> {
    const { rows } = await db.pool.query<{ status: string; resolved_by: string | null; note: string | null }>("SELECT status, resolved_by, note FROM breaks WHERE id = $1::bigint", [id]);
    return rows[0]!;
  }

  /** A POST from inside the signed-in page (its cookies, its origin), as a script on it would send. */
  function postFromPage(page: Page, path: string, form: Record<string, string>): Promise<number> {
    return page.evaluate(
      async ({ path, form }) => (await fetch(path, { method: "POST", body: new URLSearchParams(form), redirect: "manual" })).status,
      { path, form },
    );
  }

  async function csrfTokenOf(page: Page): Promise<string> {
    return page.evaluate(async () => ((await (await fetch("/auth/me")).json()) as { csrfToken: string }).csrfToken);
  }

  it("shows a viewer every page, offers no action, and the server refuses the actions anyway", async () => {
    const { runId, breakIds } = await fixtures();
    const breakId = breakIds[0]!;
    const page = await signIn("vera");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Overview");
    expect(await page.locator("header.top").textContent()).toContain("viewer");
    await page.goto(`${dashboard.url}/runs/${runId}`, { waitUntil: "domcontentloaded" });
    expect(await page.locator("h1").textContent()).toContain("stripe");
    expect(await page.locator(`a[href="/runs/${runId}/rerun"]`).count()).toBe(0);
    await page.goto(`${dashboard.url}/breaks/${breakId}`, { waitUntil: "domcontentloaded" });
    expect(await page.locator("h1").textContent()).toContain(`Break #${breakId}`);
    expect(await page.locator("form[action$='/resolve']").count()).toBe(0);
    // The run that first saw it is one click away.
    expect(await page.locator("main a[href^='/runs/']").count()).toBe(1);
    await page.goto(`${dashboard.url}/breaks`, { waitUntil: "domcontentloaded" });
    expect(await page.locator("form.bulk textarea").count()).toBe(0);

    // The buttons are absent, and the server refuses the requests they would have sent, with a valid token.
    const csrf = await csrfTokenOf(page);
    expect(await postFromPage(page, `/breaks/${breakId}/resolve`, { _csrf: csrf, note: "a viewer tries" })).toBe(403);
    expect(await postFromPage(page, "/breaks/resolve", { _csrf: csrf, ids: breakId, note: "a viewer tries" })).toBe(403);
    expect(await postFromPage(page, `/runs/${runId}/rerun`, { _csrf: csrf })).toBe(403);
    const retry = await page.evaluate(async () => (await fetch("/queues/api/queues/reconcile/retry/failed", { method: "PUT" })).status);
    expect(retry).toBe(403);
    expect((await breakStatus(breakId)).status).toBe("open");
    await page.context().close();
  });

  it("lets an operator resolve a break with a note, attributed to them in the CLI and the audit log; a request without the CSRF token is refused", async () => {
    const { runId, breakIds } = await fixtures();
    const [breakId, otherId] = breakIds as [string, string];
    const page = await signIn("otto");
    await page.screenshot({ path: join(SCREENSHOTS, "workbench-overview.png"), fullPage: true });
    await page.goto(`${dashboard.url}/runs/${runId}`, { waitUntil: "domcontentloaded" });
    expect(await page.locator(`a[href="/runs/${runId}/rerun"]`).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, "workbench-run.png"), fullPage: true });

    await page.goto(`${dashboard.url}/breaks/${breakId}`, { waitUntil: "domcontentloaded" });
    await page.screenshot({ path: join(SCREENSHOTS, "workbench-break.png"), fullPage: true });
    // Keyboard only: the note field and the button are reached and used without a mouse.
    await page.locator("#change-note").focus();
    await page.keyboard.type("Booked by hand in the ledger on the 3rd; see ticket FIN-2231");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${dashboard.url}/breaks/${breakId}?done=resolved`, { waitUntil: "domcontentloaded" });
    expect(await page.locator("[role=status]").textContent()).toMatch(/resolved/i);
    expect(await breakStatus(breakId)).toEqual({ status: "resolved", resolved_by: "web:otto@example.com", note: "Booked by hand in the ledger on the 3rd; see ticket FIN-2231" });

    // The CLI lists it resolved by the signed-in person.
    const listed = JSON.parse(await recon(["breaks", "list", "--status", "all", "--limit", "100000", "--json"])) as { breaks: { id: string; resolvedBy: string | null; note: string | null }[] };
    expect(listed.breaks.find((b) => b.id === breakId)).toMatchObject({ resolvedBy: "web:otto@example.com", note: "Booked by hand in the ledger on the 3rd; see ticket FIN-2231" });
    // The audit log names them, with the note.
    const { rows } = await db.pool.query<{ actor: string; note: string }>(
      "SELECT actor, details->>'note' AS note FROM audit_logs WHERE entity_type = 'break' AND entity_id = $1 AND action = 'break.resolved'",
      [breakId],
    );
    expect(rows).toEqual([{ actor: "web:otto@example.com", note: "Booked by hand in the ledger on the 3rd; see ticket FIN-2231" }]);
    // And the chain still verifies after the dashboard's write.
    expect(await recon(["audit", "verify"])).toMatch(/^audit chain intact/);

    // The same operator, the same session: without the token, nothing changes.
    expect(await postFromPage(page, `/breaks/${otherId}/resolve`, { note: "no token" })).toBe(403);
    expect(await postFromPage(page, `/breaks/${otherId}/resolve`, { _csrf: "forged", note: "wrong token" })).toBe(403);
    expect((await breakStatus(otherId)).status).toBe("open");
    await page.context().close();
  });

  it("has no serious or critical accessibility violation on the overview, a run, the breaks list and a break", async () => {
    const { runId, breakIds } = await fixtures();
    const page = await signIn("otto");
    const pages = ["/", `/runs/${runId}`, "/breaks", `/breaks/${breakIds[1]!}`, "/runs"];
    const found: Record<string, string[]> = {};
    for (const path of pages) {
      await page.goto(`${dashboard.url}${path}`, { waitUntil: "domcontentloaded" });
      found[path] = await seriousAxeViolations(page);
    }
    expect(found).toEqual(Object.fromEntries(pages.map((path) => [path, []])));
    await page.context().close();
  });
});
