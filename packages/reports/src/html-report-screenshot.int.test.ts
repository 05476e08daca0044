// Opens the HTML report in a real headless Chromium (Debian's, never a downloaded one) with the
// network cut off, checks that the charts render with a real size, and saves a screenshot.
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@recon/testing";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executiveSummary } from "./executive-summary";
import { renderHtmlReport } from "./render-html-report";
import { bundleInput } from "./test-fixtures";

let workDir: string;
let context: BrowserContext;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "recon-html-report-"));
  context = await chromium.launchPersistentContext(join(workDir, "profile"), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("the HTML report in headless Chromium", () => {
  it("renders both SVG charts with non-zero size, without any network request", async () => {
    const input = bundleInput();
    const file = join(workDir, "reconciliation_report_stripe_2026-11-24.html");
    await writeFile(file, renderHtmlReport(input, executiveSummary(input)), "utf8");

    const remote: string[] = [];
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      remote.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);

    for (const id of ["chart-by-kind", "chart-by-currency"]) {
      const chart = page.locator(`svg#${id}`);
      const box = await chart.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(20);
      // Every bar of a non-zero value is drawn with a real size.
      const bars = await chart.locator("rect.bar").evaluateAll((rects) =>
        rects.map((rect) => {
          // No DOM lib in this tsconfig: the browser's element, typed by what is used.
          const r = (
            rect as unknown as { getBoundingClientRect(): { width: number; height: number } }
          ).getBoundingClientRect();
          return { width: r.width, height: r.height };
        }),
      );
      expect(bars.filter((bar) => bar.width > 0 && bar.height > 0).length, id).toBeGreaterThan(0);
    }
    expect(await page.locator("svg#chart-by-kind rect.bar").count()).toBe(8);
    expect(await page.locator("#top-breaks tbody tr").count()).toBe(4);
    // Data is shown as text, never run: the injected <script> is inert.
    expect(await page.locator("#top-breaks").innerText()).toContain("<script>alert(1)</script>");

    // Kept after the test (one fixed file, overwritten each run) so a person can look at it.
    const png = join(tmpdir(), "recon-report-screenshots", "html-report.png");
    await page.screenshot({ path: png, fullPage: true });
    expect((await stat(png)).size).toBeGreaterThan(5_000);
    expect(remote).toEqual([]);
    await page.close();
  });
});
