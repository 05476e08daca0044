// Against a real S3-compatible server (s3rver) on loopback.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportFiles } from "./render-report-files";
import { createS3ReportStore, presignReportUrl } from "./s3-report-store";
import { storeReportFiles } from "./store-report-files";
import { bundleInput } from "./test-fixtures";
import { startS3TestServer, type S3TestServer } from "./testing";

let s3: S3TestServer;
let reportsDir: string;
const sentHeaders: Array<Record<string, string>> = [];

beforeAll(async () => {
  s3 = await startS3TestServer();
  reportsDir = await mkdtemp(join(tmpdir(), "recon-reports-s3-"));
  // Record what actually goes over the wire, to prove server-side encryption is requested.
  s3.store.client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { method?: string; headers?: Record<string, string> };
      if (request.method === "PUT") sentHeaders.push({ ...request.headers });
      return next(args);
    },
    { step: "finalizeRequest", name: "recordHeaders" },
  );
});

afterAll(async () => {
  await s3?.close();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("storeReportFiles to S3", () => {
  const files = renderReportFiles(bundleInput());
  const prefix = "reports/2026-11-24/stripe/";

  it("puts the five reports under reports/<date>/<processor>/ with AES256, and a retry overwrites the same keys", async () => {
    const first = await storeReportFiles({
      processor: "stripe",
      runDate: "2026-11-24",
      files,
      s3: s3.store,
      reportsDir,
      isFinalAttempt: false,
      sandbox: false,
    });
    const expectedKeys = [
      `${prefix}discrepancies_stripe_2026-11-24.csv`,
      `${prefix}executive_summary_stripe_2026-11-24.md`,
      `${prefix}reconciliation_report_stripe_2026-11-24.csv`,
      `${prefix}reconciliation_report_stripe_2026-11-24.html`,
      `${prefix}reconciliation_report_stripe_2026-11-24.json`,
    ];
    expect(await s3.listKeys()).toEqual(expectedKeys);
    expect(first.s3Key).toBe(`${prefix}reconciliation_report_stripe_2026-11-24.json`);
    expect(first.locations.html).toBe(
      `s3://${s3.bucket}/${prefix}reconciliation_report_stripe_2026-11-24.html`,
    );
    expect(first.fallbackReason).toBeUndefined();
    expect(sentHeaders).toHaveLength(5);
    for (const headers of sentHeaders) expect(headers["x-amz-server-side-encryption"]).toBe("AES256");
    // Required by a bucket with Object Lock default retention (s3rver checks it against the body).
    const csvBody = files.find((f) => f.kind === "csv")!.body;
    expect(sentHeaders.map((h) => h["content-md5"])).toContain(createHash("md5").update(csvBody).digest("base64"));
    expect(await s3.getText(`${prefix}reconciliation_report_stripe_2026-11-24.csv`)).toBe(
      files.find((f) => f.kind === "csv")!.body,
    );

    const second = await storeReportFiles({
      processor: "stripe",
      runDate: "2026-11-24",
      files,
      s3: s3.store,
      reportsDir,
      isFinalAttempt: false,
      sandbox: false,
    });
    expect(second).toEqual(first);
    expect(await s3.listKeys()).toEqual(expectedKeys);
    expect(await readdir(reportsDir)).toEqual([]);
  });

  it("gives a presigned link that downloads the HTML report without credentials", async () => {
    const url = await presignReportUrl(s3.store, `${prefix}reconciliation_report_stripe_2026-11-24.html`);
    const parsed = new URL(url);
    expect(parsed.searchParams.get("X-Amz-Expires")).toBe("86400");
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<svg id="chart-by-kind"');
  });

  it("fails while S3 is down, and only on the final attempt falls back to the local directory, saying so", async () => {
    // A port nothing listens on: connection refused, like an S3 outage.
    const down = createS3ReportStore({
      bucket: "recon-reports",
      endpoint: "http://127.0.0.1:9",
      accessKeyId: "x",
      secretAccessKey: "y",
    });
    const options = {
      processor: "paypal",
      runDate: "2026-11-24",
      files: renderReportFiles(bundleInput({ processor: "paypal" })),
      s3: down,
      reportsDir,
      sandbox: false,
    };
    await expect(storeReportFiles({ ...options, isFinalAttempt: false })).rejects.toThrow();
    expect(await readdir(reportsDir)).toEqual([]);
    const stored = await storeReportFiles({ ...options, isFinalAttempt: true });
    expect(stored.fallbackReason).toMatch(
      /^S3 upload to bucket recon-reports failed on the last attempt .*reports stored in the local directory instead$/,
    );
    expect(stored.s3Key).toBeUndefined();
    expect(stored.locations.csv).toBe(
      join(reportsDir, "paypal", "2026-11-24", "reconciliation_report_paypal_2026-11-24.csv"),
    );
    expect((await readdir(join(reportsDir, "paypal", "2026-11-24"))).sort()).toHaveLength(5);
    down.client.destroy();
  });

  it("keeps a sandbox run's reports apart from the real ones of the same day, in S3 and locally", async () => {
    const sandboxFiles = renderReportFiles(bundleInput({ sandbox: true }));
    const realCsv = await s3.getText(`${prefix}reconciliation_report_stripe_2026-11-24.csv`);
    const stored = await storeReportFiles({ processor: "stripe", runDate: "2026-11-24", files: sandboxFiles, s3: s3.store, reportsDir, isFinalAttempt: false, sandbox: true });
    expect(stored.s3Key).toBe("sandbox/reports/2026-11-24/stripe/reconciliation_report_stripe_2026-11-24.json");
    expect(await s3.getText(stored.s3Key!)).toContain('"sandbox": true');
    // The real reports of the day are untouched.
    expect(await s3.getText(`${prefix}reconciliation_report_stripe_2026-11-24.csv`)).toBe(realCsv);
    expect(await s3.getText(`${prefix}reconciliation_report_stripe_2026-11-24.json`)).toContain('"sandbox": false');

    const local = await storeReportFiles({ processor: "stripe", runDate: "2026-11-24", files: sandboxFiles, reportsDir, isFinalAttempt: true, sandbox: true });
    expect(local.locations.json).toBe(join(reportsDir, "sandbox", "stripe", "2026-11-24", "reconciliation_report_stripe_2026-11-24.json"));
  });
});
