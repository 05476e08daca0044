import type { Db } from "@recon/db";
import { enqueue, type QueueSet } from "@recon/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsMatch } from "./basic-auth";
import { startDashboard, type StartedDashboard } from "./start-dashboard";
import { openDashboardBacking, type DashboardBacking } from "./testing/dashboard-backing";

const credentials = { user: "auditor", password: "s3cret" };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("dashboard credentials (sandbox Basic auth)", () => {
  it("accepts only the exact user and password", () => {
    expect(credentialsMatch(basic("auditor", "s3cret"), credentials)).toBe(true);
    expect(credentialsMatch(basic("auditor", "s3cre"), credentials)).toBe(false);
    expect(credentialsMatch(basic("auditor", "s3cret!"), credentials)).toBe(false);
    expect(credentialsMatch(basic("Auditor", "s3cret"), credentials)).toBe(false);
    expect(credentialsMatch(basic("", ""), credentials)).toBe(false);
    expect(credentialsMatch("Bearer s3cret", credentials)).toBe(false);
    expect(credentialsMatch(undefined, credentials)).toBe(false);
    // A password containing a colon: only the first colon separates the user.
    expect(credentialsMatch(basic("auditor", "a:b"), { user: "auditor", password: "a:b" })).toBe(true);
  });
});

describe("read-only dashboard", () => {
  let backing: DashboardBacking;
  let db: Db;
  let queues: QueueSet;
  let dashboard: StartedDashboard;

  beforeAll(async () => {
    backing = await openDashboardBacking("dashboard_ro", { maxConnections: 2 });
    db = backing.db;
    queues = backing.queues;
    dashboard = await startDashboard({ queues, db, credentials, readOnly: true, port: 0, host: "127.0.0.1" });
  });

  afterAll(async () => {
    await dashboard?.close();
    await backing?.close();
  });

  it("lists every catalog queue and lets auditors look but not act", async () => {
    const job = await enqueue(queues, "notify.send", {
      eventId: "00000000-0000-4000-8000-000000000001",
      eventType: "run.failed",
      runId: "00000000-0000-4000-8000-000000000002",
    });
    const auth = { authorization: basic(credentials.user, credentials.password) };
    const listed = await fetch(`${dashboard.url}/queues/api/queues?activeQueue=notify&status=waiting&page=1`, { headers: auth });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(body.queues.map((queue) => queue.name).sort()).toEqual(["fetch", "notify", "reconcile", "report", "trigger"]);
    expect(body.queues.every((queue) => queue.readOnlyMode)).toBe(true);

    for (const [method, path] of [
      ["PUT", `/queues/api/queues/notify/${job.id}/retry/failed`],
      ["PUT", `/queues/api/queues/notify/${job.id}/promote`],
      ["DELETE", `/queues/api/queues/notify/${job.id}`],
      ["PUT", "/queues/api/queues/notify/clean/completed"],
    ] as const) {
      const refused = await fetch(`${dashboard.url}${path}`, { method, headers: auth });
      expect(refused.status, `${method} ${path}`).toBe(403);
    }
    expect(await queues.queues.notify.getJobState(job.id!)).toBe("waiting");

    const runs = await fetch(`${dashboard.url}/runs`, { headers: auth });
    expect(runs.status).toBe(200);
    expect(await runs.text()).toContain("no runs yet");
    expect((await fetch(`${dashboard.url}/runs`)).status).toBe(401);
  });
});
