// The overview and runs pages over HTTP against a real database and Redis: filters, paging,
// 400 pages for bad queries, 404s, CSV exports, report links (traversal refused) and the re-run.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendAudit, getRun, type Db } from "@recon/db";
import { DISCREPANCY_KINDS } from "@recon/domain";
import type { QueueSet } from "@recon/queue";
import { createS3ReportStore } from "@recon/reports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDashboardBacking, type DashboardBacking } from "../testing/dashboard-backing";
import { openSandboxSession } from "../testing/sandbox-session";
import { seedRunWithDiscrepancies, SEED_CURRENCIES } from "../bench/seed-run";
import { startDashboard, type StartedDashboard } from "../start-dashboard";

const COUNT = 120;
let backing: DashboardBacking;
let db: Db;
let queues: QueueSet;
let dashboard: StartedDashboard;
let readOnly: StartedDashboard;
let runId: string;
let work: string;

/** The seeded rows, as seed-run.ts writes them. */
const seeded = Array.from({ length: COUNT }, (_, i) => ({
  id: `txn_${i}`,
  kind: DISCREPANCY_KINDS[i % DISCREPANCY_KINDS.length]!,
  currency: SEED_CURRENCIES[i % 3]!,
  amount: BigInt(((i * 7919) % 1_000_000) + 1),
}));

async function get(path: string, base = dashboard.url): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${base}${path}`, { redirect: "manual" });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

beforeAll(async () => {
  backing = await openDashboardBacking("runs_routes");
  db = backing.db;
  queues = backing.queues;
  runId = await seedRunWithDiscrepancies(db, COUNT);
  await db.pool.query(
    `INSERT INTO discrepancies (run_id, kind, processor_external_id, currency, amount_at_risk_minor, reason)
     VALUES ($1, 'timing', '=HYPERLINK("http://evil")', 'USD', 0, 'formula in an id')`,
    [runId],
  );
  await db.pool.query(
    `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, error_message)
     VALUES (gen_random_uuid(), '2025-10-08', 'paypal', 'failed', 'fetch timed out')`,
  );
  await appendAudit(db.pool, { action: "run.started", entityType: "reconciliation_run", entityId: runId, actor: "cli:alice" });

  work = await mkdtemp(join(tmpdir(), "runs-routes-"));
  const dir = join(work, "reports");
  await mkdir(dir);
  await writeFile(join(dir, "stripe.csv"), "inside,the,folder\n");
  await writeFile(join(work, "secret.txt"), "outside\n");
  await symlink(join(work, "secret.txt"), join(dir, "link.csv"));
  const reports = {
    csv: join(dir, "stripe.csv"),
    outside: join(work, "secret.txt"),
    dotdot: join(dir, "..", "secret.txt"),
    link: join(dir, "link.csv"),
    gone: join(dir, "gone.csv"),
    s3: "s3://recon-reports/stripe/2025-10-09/report.html",
    other: "s3://someone-else/x.html",
  };
  await db.pool.query("UPDATE reconciliation_runs SET reports = $2::jsonb WHERE id = $1", [runId, JSON.stringify(reports)]);

  const s3 = createS3ReportStore({ bucket: "recon-reports", endpoint: "http://127.0.0.1:9", region: "us-east-1", accessKeyId: "test", secretAccessKey: "test" });
  dashboard = await startDashboard({ queues, db, credentials: undefined, port: 0, host: "127.0.0.1", reports: { dir, s3 }, fetchSlices: 2 });
  readOnly = await startDashboard({ queues, db, credentials: undefined, readOnly: true, port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await dashboard?.close();
  await readOnly?.close();
  await backing?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("overview", () => {
  it("shows each processor's 30 days with named day links, the trend table and what needs attention", async () => {
    const page = await get("/?asOf=2025-10-09");
    expect(page.status).toBe(200);
    const usd = seeded.filter((d) => d.currency === "USD").reduce((s, d) => s + d.amount, 0n);
    expect(page.text).toContain(`<a class="day-completed breaks" href="/runs/${runId}" aria-label="2025-10-09 stripe: completed, ${COUNT} breaks,`);
    expect(page.text).toMatch(/<a class="day-failed" href="\/runs\/[0-9a-f-]{36}" aria-label="2025-10-08 paypal: failed/);
    expect(page.text).toContain('<span class="day-none" role="img" aria-label="2025-10-09 adyen: no run"');
    expect(page.text).toMatch(new RegExp(`2025-10-09 stripe: completed, ${COUNT} breaks, [^"]*${(Number(usd) / 100).toFixed(2).replace(".", "\\.")} USD`));
    expect(page.text).toContain('aria-label="2025-10-08 paypal: failed, 0 breaks, nothing at stake"');
    expect(page.text).toContain('aria-label="2025-10-09 adyen: no run"');
    expect(page.text).toContain("Needs attention");
    expect(page.text).toMatch(/paypal 2025-10-08<\/a>: <span class="badge failed">failed<\/span> fetch timed out/);
    expect(page.text).toContain("<summary>Trend as a table</summary>");
  });

  it("refuses a bad date with a 400 naming it", async () => {
    const page = await get("/?asOf=2025-02-30");
    expect(page.status).toBe(400);
    expect(page.text).toContain("asOf: invalid date &#34;2025-02-30&#34;: no such calendar day");
  });
});

describe("runs list", () => {
  it("lists runs with filters, keeps them in the export link, and exports them as CSV", async () => {
    const all = await get("/runs");
    expect(all.text).toContain(`<td class="nowrap"><a href="/runs/${runId}">2025-10-09</a></td>`);
    const failed = await get("/runs?status=failed&processor=paypal");
    expect(failed.text).not.toContain(runId);
    expect(failed.text).toContain("fetch timed out");
    expect(failed.text).toContain('href="/runs.csv?processor=paypal&#38;status=failed"');
    expect((await get("/runs?status=running")).text).toContain("no runs match these filters");
    const csv = await get("/runs.csv?processor=stripe");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^2025-10-09,stripe,real,completed,0,0,0,${COUNT},".*USD.*",,${runId}$`));
  });

  it("answers bad filters with a 400 naming the problem", async () => {
    for (const [query, problem] of [
      ["status=bogus", "unknown status &#34;bogus&#34;: expected one of running, completed, failed, cancelled"],
      ["processor=visa", "unknown processor &#34;visa&#34;"],
      ["from=2025-13-01", "from: invalid date &#34;2025-13-01&#34;"],
      ["from=2025-10-09&to=2025-10-01", "from 2025-10-09 is after to 2025-10-01"],
      ["page=0", "page &#34;0&#34; is not a page number"],
      ["page=2&page=3", "&#34;page&#34; was given more than once"],
    ] as const) {
      const page = await get(`/runs?${query}`);
      expect(page.status, query).toBe(400);
      expect(page.text, query).toContain(problem);
    }
  });
});

describe("run page", () => {
  it("shows figures per currency, counts per kind, the audit trail, and pages the discrepancies", async () => {
    const page = await get(`/runs/${runId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Showing 1–50 of ${COUNT + 1}`);
    for (const currency of SEED_CURRENCIES) expect(page.text).toContain(`<th scope="row">${currency}</th>`);
    expect(page.text).toContain("cli:alice");
    expect(page.text).toContain(`href="/runs/${runId}?page=2" rel="next"`);
    const second = await get(`/runs/${runId}?page=2&kind=timing`);
    const timing = seeded.filter((d) => d.kind === "timing").length + 1;
    expect(second.text).toContain(timing > 50 ? `Showing 51–` : "No discrepancies match");
    const timingPage = await get(`/runs/${runId}?kind=timing`);
    expect(timingPage.text).toContain(`Showing 1–${timing} of ${timing}`);
    expect(timingPage.text).toContain(`href="/runs/${runId}/discrepancies.csv?kind=timing"`);
  });

  it("filters by an amount range read in each row's own currency", async () => {
    // 5000 to 9000 major units: 500000..900000 cents, 5000..9000 yen, 5000000..9000000 fils.
    const bounds = { USD: [500_000n, 900_000n], JPY: [5_000n, 9_000n], KWD: [5_000_000n, 9_000_000n] } as const;
    const expected = seeded.filter((d) => d.amount >= bounds[d.currency][0] && d.amount <= bounds[d.currency][1]);
    expect(expected.length).toBeGreaterThan(0);
    const page = await get(`/runs/${runId}?min=5000&max=9000`);
    expect(page.text).toContain(`of ${expected.length}<`);
    const yenOnly = expected.filter((d) => d.currency === "JPY");
    const yen = await get(`/runs/${runId}?min=5000&max=9000&currency=JPY`);
    expect(yen.text).toContain(yenOnly.length === 0 ? "No matches" : `of ${yenOnly.length}<`);
  });

  it("searches ids and reasons as text", async () => {
    const page = await get(`/runs/${runId}?q=txn_11`);
    const expected = seeded.filter((d) => d.id.includes("txn_11")).length;
    expect(page.text).toContain(`Showing 1–${expected} of ${expected}`);
  });

  it("answers bad filters with a 400 naming the problem", async () => {
    for (const [query, problem] of [
      ["kind=missing", "unknown kind &#34;missing&#34;: expected one of missing_in_internal"],
      ["currency=EUR", "currency &#34;EUR&#34; is not a currency of this run"],
      ["min=1.5&currency=JPY", "minimum amount: amount &#34;1.5&#34; has more decimals than JPY allows (0)"],
      ["min=1.005&currency=USD", "more decimals than USD allows (2)"],
      ["max=ten", "maximum amount: invalid amount &#34;ten&#34;"],
      ["page=-1", "page &#34;-1&#34; is not a page number"],
    ] as const) {
      const page = await get(`/runs/${runId}?${query}`);
      expect(page.status, query).toBe(400);
      expect(page.text, query).toContain(problem);
    }
  });

  it("shows a failed run with its error and no figures", async () => {
    const { rows } = await db.pool.query<{ id: string }>("SELECT id FROM reconciliation_runs WHERE processor_name = 'paypal'");
    const page = await get(`/runs/${rows[0]!.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Error: fetch timed out");
    expect(page.text).toContain("No figures recorded.");
    expect(page.text).toContain("No matches");
  });

  it("answers 404 for an id that is not a run, and for one that is not a uuid", async () => {
    expect((await get("/runs/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const bad = await get("/runs/not-a-uuid");
    expect(bad.status).toBe(404);
    expect(bad.text).toContain("No run not-a-uuid.");
  });

  it("exports the filtered discrepancies as formula-safe CSV, amounts by exponent", async () => {
    const csv = await get(`/runs/${runId}/discrepancies.csv?currency=JPY`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toContain("discrepancies-stripe-2025-10-09.csv");
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("id,kind,processor_external_id,internal_external_id,currency,processor_amount,internal_amount,amount_at_risk,reason");
    const yen = seeded.filter((d) => d.currency === "JPY").sort((a, b) => (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : 0));
    expect(lines).toHaveLength(yen.length + 1);
    // JPY has no decimals: the amount is written as whole yen.
    expect(lines[1]).toMatch(new RegExp(`^\\d+,${yen[0]!.kind},${yen[0]!.id},led_\\d+,JPY,${yen[0]!.amount},,${yen[0]!.amount},`));
    const formula = await get(`/runs/${runId}/discrepancies.csv?q=HYPERLINK`);
    expect(formula.text.trim().split("\r\n")[1]).toMatch(/^\d+,timing,"'=HYPERLINK\(""http:\/\/evil""\)",,USD,,,0\.00,formula in an id$/);
  });
});

describe("report links", () => {
  it("serves a file inside the reports folder and presigns one in the configured bucket", async () => {
    const file = await get(`/runs/${runId}/reports/csv`);
    expect(file.status).toBe(200);
    expect(file.text).toBe("inside,the,folder\n");
    const s3 = await get(`/runs/${runId}/reports/s3`);
    expect(s3.status).toBe(302);
    expect(s3.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:9\/recon-reports\/stripe\/2025-10-09\/report\.html\?.*X-Amz-Signature=/);
  });

  it("refuses paths outside the folder (absolute, .., symlink) and says where other files are", async () => {
    for (const format of ["outside", "dotdot", "link"]) {
      const page = await get(`/runs/${runId}/reports/${format}`);
      expect(page.status, format).toBe(404);
      expect(page.text, format).toContain("outside the reports folder this dashboard serves");
      expect(page.text, format).not.toContain("outside\n");
    }
    expect((await get(`/runs/${runId}/reports/gone`)).text).toContain("does not exist");
    expect((await get(`/runs/${runId}/reports/other`)).text).toContain("has no access to bucket someone-else");
    expect((await get(`/runs/${runId}/reports/pdf`)).text).toContain("has no pdf report");
    expect((await get(`/runs/${runId}/reports/constructor`)).status).toBe(404);
  });
});

describe("re-run", () => {
  it("asks for confirmation, then requests the run as the signed-in person and shows a notice", async () => {
    const session = await openSandboxSession(dashboard.url);
    const confirm = await session.get(`/runs/${runId}/rerun`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(`<form method="post" action="/runs/${runId}/rerun"><input type="hidden" name="_csrf" value="${session.csrfToken}">`);
    // The session's own token is what makes the request count: without it nothing is requested.
    expect((await session.post(`/runs/${runId}/rerun`, [], { withoutCsrf: true })).status).toBe(403);
    expect((await getRun(db, runId))?.status).not.toBe("running");
    const posted = await session.post(`/runs/${runId}/rerun`, []);
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe(`/runs/${runId}?done=rerun`);
    expect((await getRun(db, runId))?.status).toBe("running");
    const { rows } = await db.pool.query<{ actor: string }>(
      "SELECT actor FROM audit_logs WHERE entity_id = $1 AND action = 'run.started' ORDER BY seq DESC LIMIT 1",
      [runId],
    );
    expect(rows[0]?.actor).toBe("web:sandbox");
    expect((await get(`/runs/${runId}?done=rerun`)).text).toContain("Re-run requested");
  });

  it("shows a viewer no re-run button and refuses the confirmation page", async () => {
    const page = await get(`/runs/${runId}`, readOnly.url);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`/runs/${runId}/rerun`);
    expect((await get(`/runs/${runId}/rerun`, readOnly.url)).status).toBe(403);
  });
});
