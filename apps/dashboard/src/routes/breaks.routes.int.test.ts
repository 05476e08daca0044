// The breaks workbench over HTTP: the sandbox dashboard (an admin named "sandbox", actor
// "web:sandbox") on a real database and Redis; the viewer's refusal on a tiny app of the routes.
import type { AddressInfo } from "node:net";
import type { Db } from "@recon/db";
import type { QueueSet } from "@recon/queue";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDashboardBacking, type DashboardBacking } from "../testing/dashboard-backing";
import { openSandboxSession, type SandboxSession } from "../testing/sandbox-session";
import type { Viewer } from "../auth/roles";
import { startDashboard, type StartedDashboard } from "../start-dashboard";
import { breaksRoutes } from "./breaks.routes";

let backing: DashboardBacking;
let db: Db;
let queues: QueueSet;
let dashboard: StartedDashboard;

async function insertBreak(values: { processor?: string; pid?: string | null; iid?: string | null; kind?: string; currency?: string; amount?: number; reason?: string; firstSeen?: string }): Promise<string> {
  const kind = values.kind ?? "missing_in_internal";
  const pid = values.pid ?? null;
  const iid = values.iid ?? null;
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO breaks (processor, break_key, kind, processor_external_id, internal_external_id, currency, amount_at_risk_minor,
                         reason, first_seen_run_date, first_seen_run_id, last_seen_run_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, gen_random_uuid(), $9) RETURNING id::text`,
    [values.processor ?? "stripe", `${kind}|${pid ?? ""}|${iid ?? ""}`, kind, pid, iid, values.currency ?? "USD", values.amount ?? 100,
     values.reason ?? "no ledger record", values.firstSeen ?? new Date().toISOString().slice(0, 10)],
  );
  return rows[0]!.id;
}

// As the pages' own forms: the session's cookie and its CSRF token.
let session: SandboxSession;
const get = (path: string) => session.get(path);
const post = (path: string, form: [string, string][], options?: { withoutCsrf?: boolean }) => session.post(path, form, options);

async function breakState(id: string) {
  const { rows } = await db.pool.query<{ status: string; resolved_by: string | null; note: string | null }>(
    "SELECT status, resolved_by, note FROM breaks WHERE id = $1::bigint",
    [id],
  );
  return rows[0];
}

async function auditOf(id: string) {
  const { rows } = await db.pool.query<{ action: string; actor: string; details: unknown }>(
    "SELECT action, actor, details FROM audit_logs WHERE entity_type = 'break' AND entity_id = $1 ORDER BY seq",
    [id],
  );
  return rows;
}

beforeAll(async () => {
  backing = await openDashboardBacking("dashboard_breaks");
  db = backing.db;
  queues = backing.queues;
  dashboard = await startDashboard({ queues, db, credentials: undefined, port: 0, host: "127.0.0.1" });
  session = await openSandboxSession(dashboard.url);
});

afterAll(async () => {
  await dashboard?.close();
  await backing?.close();
});

describe("/breaks", () => {
  let kwd: string;
  beforeAll(async () => {
    kwd = await insertBreak({ pid: "txn_kwd", currency: "KWD", amount: 1234, firstSeen: "2026-01-02" });
    await insertBreak({ pid: "txn_jpy", currency: "JPY", amount: 1000, reason: "=HYPERLINK(\"http://evil\")" });
    for (let i = 0; i < 55; i += 1) await insertBreak({ processor: "square", pid: `sq_${i}`, amount: 100 + i });
  });

  it("lists open breaks with age buckets, amounts in each currency's exponent, and the operator's bulk form", async () => {
    const response = await get("/breaks");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`<a href="/breaks/${kwd}">#${kwd}</a>`);
    expect(page).toContain('<td class="num">1.234 KWD</td>');
    expect(page).toMatch(/<a class="card" href="\/breaks\?bucket=over-30">[\s\S]*?over 30 days[\s\S]*?<span class="figure">1<\/span>/);
    expect(page).toMatch(/<form method="post" action="\/breaks\/resolve"[\s\S]*name="ids" value="[0-9]+"[\s\S]*<\/form>/);
    expect(page).toContain('data-select-all="ids"');
    expect(page).toContain('<label for="bulk-note">');
    expect(page).toContain('<textarea id="bulk-note" name="note" rows="2" cols="60" required>');
    expect(page).toContain('<input type="hidden" name="_csrf"');
    expect(page).toContain("Page 1 of 2 · 57 breaks");
    expect(page).toContain('href="/breaks.csv"');
    // Newest first among equal ages: the JPY break is on page 2 of everything, alone under its currency.
    expect(await (await get("/breaks?currency=JPY")).text()).toContain('<td class="num">1000 JPY</td>');
  });

  it("filters, and keeps the filters in the pager, bucket and export links", async () => {
    const kwdOnly = await (await get("/breaks?currency=kwd&min=1.234")).text();
    expect(kwdOnly).toContain(`#${kwd}</a>`);
    expect(kwdOnly).not.toContain("JPY</td>");
    expect(kwdOnly).toContain('href="/breaks.csv?currency=KWD&#38;min=1.234"');
    const square = await (await get("/breaks?processor=square&sort=amount&dir=asc")).text();
    expect(square).toContain("Page 1 of 2 · 55 breaks");
    expect(square).toContain('href="/breaks?processor=square&#38;sort=amount&#38;dir=asc&#38;page=2" rel="next"');
    expect(square).toContain('<option value="square" selected>');
    const second = await (await get("/breaks?processor=square&sort=amount&dir=asc&page=2")).text();
    expect(second).toContain("1.54 USD");
    expect(second).toContain('rel="prev"');
  });

  it("answers a bad query with a 400 naming the problem", async () => {
    const cases: [string, string][] = [
      ["/breaks?status=closed", "status &#34;closed&#34; is not one of open, resolved, all"],
      ["/breaks?currency=JPY&min=1.5", "min amount: amount &#34;1.5&#34; has more decimals than JPY allows (0)"],
      ["/breaks?min=abc", "min amount: invalid amount &#34;abc&#34;"],
      ["/breaks?min=5&max=1", "minimum amount 5 is more than maximum amount 1"],
      ["/breaks?page=0", "page &#34;0&#34; is not a page number"],
      ["/breaks?bucket=9-99", "bucket &#34;9-99&#34; is not one of"],
      ["/breaks?processor=visa", "processor &#34;visa&#34; is not one of"],
      ["/breaks?status=open&status=all", "status must be given once"],
      ["/breaks.csv?currency=ZZZ", "currency: unknown currency code"],
    ];
    for (const [path, message] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toContain(message);
    }
  });

  it("exports the filtered list as formula-safe CSV with amounts by exponent", async () => {
    const response = await get("/breaks.csv?currency=JPY");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="breaks.csv"');
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("id,processor,kind,processor_external_id,internal_external_id,amount_at_risk,currency,age_days,first_seen_run_date,last_seen_run_date,status,resolution,resolved_by,note,reason");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",txn_jpy,,1000,JPY,0,");
    expect(lines[1]).toMatch(/,"'=HYPERLINK\(""http:\/\/evil""\)"$/);
    const all = (await (await get("/breaks.csv")).text()).trim().split("\r\n");
    expect(all).toHaveLength(58);
    expect(all.some((line) => line.includes(",1.234,KWD,"))).toBe(true);
  });
});

describe("/breaks/:id", () => {
  it("shows both records side by side, the differing fields marked in words, the raw payloads and the history", async () => {
    await db.pool.query(
      `INSERT INTO processor_transactions (processor, external_id, reference, gross_minor, fee_minor, net_minor, currency, status, raw_status, type, occurred_at, raw)
       VALUES ('stripe', 'txn_side', 'order-1', 1250, 30, 1220, 'USD', 'succeeded', 'available', 'payment', '2026-11-20T10:00:00Z', '{"note":"<script>x</script>"}')`,
    );
    await db.pool.query(
      `INSERT INTO internal_transactions (external_id, processor, processor_ref, reference, gross_minor, fee_minor, currency, status, occurred_at, raw)
       VALUES ('led_side', 'stripe', 'txn_side', 'order-1', 1200, 30, 'USD', 'succeeded', '2026-11-20T11:00:00Z', '{"ledger":1}')`,
    );
    const id = await insertBreak({ pid: "txn_side", iid: "led_side", kind: "amount_mismatch", amount: 50 });
    const response = await get(`/breaks/${id}`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<div class="side-by-side">');
    expect(page).toMatch(/<tr class="diff"><th scope="row">gross_minor <span class="sr-only">\(differs\)<\/span>/);
    expect(page).not.toMatch(/<tr class="diff"><th scope="row">fee_minor/);
    expect(page).toContain('<tr class="diff"><th scope="row">gross amount</th><td class="mono">12.50</td><td class="mono">12.00</td></tr>');
    expect(page).toContain("&#34;note&#34;: &#34;&#60;script&#62;x&#60;/script&#62;&#34;");
    expect(page).not.toContain("<script>x");
    expect(page).toContain(`<form method="post" action="/breaks/${id}/resolve">`);
    expect(page).toContain('<label for="change-note">');
  });

  it("answers 404 for a missing or non-numeric id", async () => {
    for (const path of ["/breaks/abc", "/breaks/99999999", "/breaks/1e3"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain("no break with id");
    }
  });
});

describe("resolve, reopen and bulk resolve", () => {
  it("refuses a blank note with a 400 and changes nothing", async () => {
    const id = await insertBreak({ pid: "blank_note" });
    const response = await post(`/breaks/${id}/resolve`, [["_csrf", ""], ["note", "   "]]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("a note is required");
    expect(await breakState(id)).toMatchObject({ status: "open" });
    expect(await auditOf(id)).toEqual([]);
  });

  it("resolves and reopens as the signed-in person, audited as the CLI does, with a notice", async () => {
    const id = await insertBreak({ pid: "web_resolve" });
    const forged = await post(`/breaks/${id}/resolve`, [["note", "booked <by hand>"]], { withoutCsrf: true });
    expect(forged.status).toBe(403);
    expect((await breakState(id))?.status).toBe("open");
    const resolved = await post(`/breaks/${id}/resolve`, [["note", "booked <by hand>"]]);
    expect(resolved.status).toBe(303);
    expect(resolved.headers.get("location")).toBe(`/breaks/${id}?done=resolved`);
    expect(await (await get(`/breaks/${id}?done=resolved`)).text()).toContain('<p class="banner done" role="status">Break resolved</p>');
    expect(await breakState(id)).toEqual({ status: "resolved", resolved_by: "web:sandbox", note: "booked <by hand>" });
    const again = await post(`/breaks/${id}/resolve`, [["note", "twice"]]);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`break ${id} is already resolved`);
    const page = await (await get(`/breaks/${id}`)).text();
    expect(page).toContain(`<form method="post" action="/breaks/${id}/reopen">`);
    expect(page).toContain("booked &#60;by hand&#62;");
    const reopened = await post(`/breaks/${id}/reopen`, [["note", "not booked after all"]]);
    expect(reopened.headers.get("location")).toBe(`/breaks/${id}?done=reopened`);
    expect(await auditOf(id)).toEqual([
      { action: "break.resolved", actor: "web:sandbox", details: { note: "booked <by hand>", resolution: "manual" } },
      { action: "break.reopened", actor: "web:sandbox", details: { note: "not booked after all", resolution: null } },
    ]);
    expect((await post("/breaks/99999999/resolve", [["note", "x"]])).status).toBe(404);
    expect((await post("/breaks/abc/resolve", [["note", "x"]])).status).toBe(404);
  });

  it("bulk-resolves all or nothing, back to the list with its filters", async () => {
    const a = await insertBreak({ processor: "adyen", pid: "bulk_a", currency: "EUR" });
    const b = await insertBreak({ processor: "adyen", pid: "bulk_b", currency: "EUR" });
    const done = await insertBreak({ processor: "adyen", pid: "bulk_done", currency: "EUR" });
    await post(`/breaks/${done}/resolve`, [["note", "earlier"]]);

    const blank = await post("/breaks/resolve", [["ids", a], ["ids", b], ["note", ""], ["return", "?processor=adyen"]]);
    expect(blank.status).toBe(400);
    const none = await post("/breaks/resolve", [["note", "x"]]);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("no break selected");
    const mixed = await post("/breaks/resolve", [["ids", a], ["ids", done], ["ids", b], ["note", "x"]]);
    expect(mixed.status).toBe(409);
    expect(await mixed.text()).toContain(`break ${done} is already resolved`);
    expect(await breakState(a)).toMatchObject({ status: "open" });
    expect(await breakState(b)).toMatchObject({ status: "open" });

    const response = await post("/breaks/resolve", [["_csrf", ""], ["ids", b], ["ids", a], ["note", "settled in batch"], ["return", "?processor=adyen&currency=EUR"]]);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/breaks?processor=adyen&currency=EUR&done=resolved&count=2");
    const list = await (await get(response.headers.get("location")!)).text();
    expect(list).toContain('<p class="banner done" role="status">2 breaks resolved</p>');
    expect(list).toContain("No breaks match these filters.");
    for (const id of [a, b]) {
      expect(await auditOf(id)).toEqual([{ action: "break.resolved", actor: "web:sandbox", details: { note: "settled in batch", resolution: "manual" } }]);
    }
  });
});

describe("a viewer", () => {
  it("sees no action forms and is refused by the server", async () => {
    const id = await insertBreak({ pid: "viewer_only" });
    const app = express();
    app.use((_request, response, next) => {
      response.locals.viewer = { actor: "web:vera", name: "vera", role: "viewer", csrfToken: "t" } satisfies Viewer;
      next();
    });
    app.use(express.urlencoded({ extended: false }));
    app.use(breaksRoutes({ db, queues }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const list = await (await fetch(`${url}/breaks`)).text();
      expect(list).toContain(`#${id}</a>`);
      expect(list).not.toContain('action="/breaks/resolve"');
      expect(list).not.toContain('name="ids"');
      expect(await (await fetch(`${url}/breaks/${id}`)).text()).not.toContain("<form method=\"post\" action=\"/breaks/");
      for (const path of [`/breaks/${id}/resolve`, `/breaks/${id}/reopen`, "/breaks/resolve"]) {
        const response = await fetch(`${url}${path}`, { method: "POST", body: new URLSearchParams([["ids", id], ["note", "sneaky"]]) });
        expect(response.status, path).toBe(403);
      }
      expect(await breakState(id)).toMatchObject({ status: "open" });
      expect(await auditOf(id)).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
