import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderLegacyCsv } from "./render-legacy-csv";
import { renderLegacyJsonString } from "./render-legacy-json";
import { missingRow, reportInput } from "./test-fixtures";
import { writeReportsToDirectory } from "./write-reports-to-directory";

describe("writeReportsToDirectory", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "recon-reports-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes both reports into <dir>/<processor>/<date>/ and leaves no temp files", async () => {
    const input = reportInput({ missing: [missingRow()] });
    const paths = await writeReportsToDirectory(dir, input);
    const folder = join(dir, "stripe", "2026-11-24");
    expect(paths).toEqual({
      csv: join(folder, "reconciliation_report_stripe_2026-11-24.csv"),
      json: join(folder, "reconciliation_report_stripe_2026-11-24.json"),
    });
    expect(await readFile(paths.csv, "utf8")).toBe(renderLegacyCsv(input));
    expect(await readFile(paths.json, "utf8")).toBe(renderLegacyJsonString(input));
    expect((await readdir(folder)).sort()).toEqual([
      "reconciliation_report_stripe_2026-11-24.csv",
      "reconciliation_report_stripe_2026-11-24.json",
    ]);
  });

  it("replaces a previous run's reports whole", async () => {
    const folder = join(dir, "stripe", "2026-11-24");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "reconciliation_report_stripe_2026-11-24.csv"), "stale and much longer than the new content\n".repeat(50));
    const paths = await writeReportsToDirectory(dir, reportInput());
    expect(await readFile(paths.csv, "utf8")).toBe(renderLegacyCsv(reportInput()));
  });

  it("writes nothing when the input is invalid", async () => {
    await expect(writeReportsToDirectory(dir, reportInput({ runDate: "24/11/2026" }))).rejects.toThrow("invalid date");
    expect(await readdir(dir)).toEqual([]);
  });
});
