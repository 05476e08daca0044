// A browser signed in to the dashboard visits hostile pages on two other origins (another port of
// the same host, and another host): their form posts and no-cors fetch to Bull Board's "add job"
// API are refused and add nothing, while the dashboard's own page can still act.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@recon/testing";
import { chromium, type BrowserContext, type Page, type Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDashboard, type StartedDashboard } from "./start-dashboard";
import { openDashboardBacking, type DashboardBacking } from "./testing/dashboard-backing";

const CREDENTIALS = { user: "ops", password: "correct horse battery staple" };
const UI_TIMEOUT = 60_000;

interface Attacker {
  origin: string;
  close(): Promise<void>;
}

/** Pages that try to make the signed-in browser add a job to `notify` through Bull Board's API. */
function attackPages(addUrl: string): Record<string, string> {
  const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
  return {
    "/form-urlencoded": page(
      `<form method="POST" action="${addUrl}"><input name="name" value="pwned-form"><input name="data" value="x"></form>` +
        "<script>document.forms[0].submit()</script>",
    ),
    // text/plain forms write `name=value`: the classic way to smuggle a JSON body past CORS.
    "/form-text-plain": page(
      `<form method="POST" enctype="text/plain" action="${addUrl}"><input name='{"name":"pwned-text","data":{},"pad":"' value='"}'></form>` +
        "<script>document.forms[0].submit()</script>",
    ),
    "/fetch-no-cors": page(
      `<script>fetch(${JSON.stringify(addUrl)}, { method: "POST", mode: "no-cors", credentials: "include",` +
        ` headers: { "content-type": "text/plain" }, body: JSON.stringify({ name: "pwned-fetch", data: {} }) })</script>`,
    ),
  };
}

async function startAttacker(host: string, pages: Record<string, string>): Promise<Attacker> {
  const server: Server = createServer((request, response) => {
    const html = pages[request.url ?? ""];
    response.writeHead(html ? 200 : 404, { "content-type": "text/html" }).end(html ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    origin: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe("dashboard against cross-origin requests, in a browser", () => {
  let backing: DashboardBacking;
  let db: Db;
  let queues: QueueSet;
  let dashboard: StartedDashboard;
  let context: BrowserContext;
  let profile: string;
  const attackers: Attacker[] = [];

  beforeAll(async () => {
    backing = await openDashboardBacking("dashboard_csrf", { maxConnections: 2 });
    db = backing.db;
    queues = backing.queues;
    dashboard = await startDashboard({ queues, db, credentials: CREDENTIALS, port: 0, host: "127.0.0.1" });
    const pages = attackPages(`${dashboard.url}/queues/api/queues/notify/add`);
    // Another port of the dashboard's host (same site, other origin), and another host (cross-site).
    attackers.push(await startAttacker("127.0.0.1", pages), await startAttacker("127.0.0.2", pages));
    profile = await mkdtemp(join(tmpdir(), "recon-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      httpCredentials: { username: CREDENTIALS.user, password: CREDENTIALS.password },
    });
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    for (const attacker of attackers) await attacker.close();
    await dashboard?.close();
    await backing?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  /** Opens an attacker page and returns the dashboard's answer to the request it made. */
  async function attack(page: Page, url: string): Promise<Response> {
    const answered = page.waitForResponse((response) => response.url().endsWith("/queues/api/queues/notify/add") && response.request().method() === "POST", {
      timeout: UI_TIMEOUT,
    });
    await page.goto(url);
    return answered;
  }

  it("refuses form posts and no-cors fetches from other origins, and adds no job", async () => {
    const page = await context.newPage();
    // The browser signs in to the dashboard first, as an operator's would have.
    expect((await page.goto(`${dashboard.url}/queues`))?.status()).toBe(200);

    const outcomes: Array<{ attack: string; credentials: boolean; answer: string }> = [];
    for (const [attacker, site] of [
      [attackers[0]!, "same-site"],
      [attackers[1]!, "cross-site"],
    ] as const) {
      for (const path of ["/form-urlencoded", "/form-text-plain", "/fetch-no-cors"]) {
        const response = await attack(page, `${attacker.origin}${path}`);
        const credentials = /^Basic /.test((await response.request().allHeaders()).authorization ?? "");
        const answer = `${response.status()} ${(await response.text()).trim()}`;
        outcomes.push({ attack: `${site} ${path}`, credentials, answer });
        if (credentials) {
          // It carried the operator's credentials: only the origin check stood in the way.
          expect(answer, `${site} ${path}`).toBe(`403 cross-origin request refused: a ${site} request cannot change anything here (Sec-Fetch-Site: ${site})`);
        } else {
          // Chromium withholds Basic credentials from a cross-site no-cors fetch: refused unauthenticated.
          expect(answer, `${site} ${path}`).toBe("401 authentication required");
        }
      }
    }
    // Every form, from either origin, did carry the credentials, so the check was what refused them.
    expect(outcomes.filter((outcome) => outcome.attack.includes("/form-") && outcome.credentials)).toHaveLength(4);
    expect(outcomes.find((outcome) => outcome.attack === "same-site /fetch-no-cors")?.credentials).toBe(true);
    // The refusal is sent before Bull Board sees the request, so nothing can still be on its way.
    expect(await queues.queues.notify.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0, prioritized: 0, active: 0 });
  });

  it("still lets the dashboard's own page act, and a script that sends the credentials itself", async () => {
    const page = await context.newPage();
    await page.goto(`${dashboard.url}/queues/queue/notify`);
    const ownPage = await page.evaluate(async () => {
      const response = await fetch("/queues/api/queues/notify/add", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "added-by-hand", data: { from: "dashboard" } }),
      });
      return response.status;
    });
    expect(ownPage).toBe(200);

    // curl or a script: no Origin, no Sec-Fetch-Site, its own credentials.
    const script = await fetch(`${dashboard.url}/queues/api/queues/notify/add`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${CREDENTIALS.user}:${CREDENTIALS.password}`).toString("base64")}`,
      },
      body: JSON.stringify({ name: "added-by-script", data: {} }),
    });
    expect(script.status).toBe(200);

    const names = (await queues.queues.notify.getJobs(["waiting"])).map((job) => job.name).sort();
    expect(names).toEqual(["added-by-hand", "added-by-script"]);
  });
});
