import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboard, type DashboardOptions } from "../create-dashboard";
import { openDashboardBacking, type DashboardBacking } from "../testing/dashboard-backing";
import { CookieJar, fetchWithJar } from "../testing/oidc-sign-in-client";
import { requireRole } from "./roles";
import { sessionKeyPrefix } from "./sessions";

const CREDENTIALS = { user: "ops", password: "correct horse battery staple" };
const basic = `Basic ${Buffer.from(`${CREDENTIALS.user}:${CREDENTIALS.password}`).toString("base64")}`;

async function serve(options: DashboardOptions): Promise<{ url: string; server: Server }> {
  const app = createDashboard(options);
  app.post("/test/act", requireRole("operator"), (_request, response) => response.status(303).location("/").end());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the laptop sandbox's sign-in", () => {
  let backing: DashboardBacking;
  let db: Db;
  let queues: QueueSet;
  const servers: Server[] = [];

  beforeAll(async () => {
    backing = await openDashboardBacking("dashboard_sandbox_auth", { maxConnections: 2 });
    db = backing.db;
    queues = backing.queues;
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await backing?.close();
  });

  it("with Basic auth: checks the CSRF token of our forms too, in a session of the same store", async () => {
    const { url, server } = await serve({ queues, db, credentials: CREDENTIALS });
    servers.push(server);
    const jar = new CookieJar();
    expect((await fetchWithJar(jar, `${url}/auth/me`)).status).toBe(401);
    const me = await fetchWithJar(jar, `${url}/auth/me`, { headers: { authorization: basic } });
    const viewer = (await me.json()) as { actor: string; role: string; csrfToken: string };
    expect(viewer).toMatchObject({ actor: "web:ops", role: "admin" });
    expect(viewer.csrfToken).not.toBe("");
    expect(await queues.connection.keys(`${sessionKeyPrefix(queues.prefix)}*`)).not.toHaveLength(0);
    const post = (fields: Record<string, string>) =>
      fetchWithJar(jar, `${url}/test/act`, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      });
    const refused = await post({});
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("CSRF token missing or invalid");
    expect((await post({ _csrf: viewer.csrfToken })).status).toBe(303);
  });

  it("without credentials: everyone is the sandbox's admin, and forms still need the token", async () => {
    const { url, server } = await serve({ queues, db, credentials: undefined });
    servers.push(server);
    const jar = new CookieJar();
    const viewer = (await (await fetchWithJar(jar, `${url}/auth/me`)).json()) as { actor: string; role: string; csrfToken: string };
    expect(viewer).toMatchObject({ actor: "web:sandbox", role: "admin" });
    expect((await fetchWithJar(jar, `${url}/test/act`, { method: "POST" })).status).toBe(403);
    expect((await fetchWithJar(jar, `${url}/test/act`, { method: "POST", headers: { "x-csrf-token": viewer.csrfToken } })).status).toBe(303);
  });

  it("read-only: the sandbox's admin is a viewer, refused any change", async () => {
    const { url, server } = await serve({ queues, db, credentials: undefined, readOnly: true });
    servers.push(server);
    const jar = new CookieJar();
    const viewer = (await (await fetchWithJar(jar, `${url}/auth/me`)).json()) as { role: string; csrfToken: string };
    expect(viewer.role).toBe("viewer");
    const refused = await fetchWithJar(jar, `${url}/test/act`, { method: "POST", headers: { "x-csrf-token": viewer.csrfToken } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("read-only for viewers");
  });
});
