import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { LegacyReportInput } from "./legacy-report-input";
import { renderLegacyCsv } from "./render-legacy-csv";
import { renderLegacyJsonString } from "./render-legacy-json";
import { reportFileNames } from "./report-file-names";

/** Writes and flushes a file under a temporary name in the target directory; returns that name. */
async function writeTemp(directory: string, finalName: string, content: string): Promise<string> {
  // Same directory as the final file, so the rename stays on one filesystem and is atomic.
  const tempPath = join(directory, `.${finalName}.${randomUUID()}.tmp`);
  const handle = await open(tempPath, "wx");
  try {
    await handle.writeFile(content, "utf8");
    // Flush before the rename, or a crash could leave the final name pointing at empty data.
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tempPath;
}

/**
 * Writes the legacy CSV and JSON reports into `<dir>/<processor>/<date>/` and returns their
 * paths. Each file appears under its final name only once complete (temp file, fsync, rename),
 * so a crash never leaves half a report, and a re-run replaces the previous files whole.
 */
export async function writeReportsToDirectory(dir: string, input: LegacyReportInput): Promise<{ csv: string; json: string }> {
  const names = reportFileNames(input.processor, input.runDate);
  const directory = join(dir, input.processor, input.runDate);
  // Render before touching the disk, so a rendering error writes nothing at all.
  const csv = renderLegacyCsv(input);
  const json = renderLegacyJsonString(input);
  await mkdir(directory, { recursive: true });

  const temps: string[] = [];
  try {
    const csvTemp = await writeTemp(directory, names.csv, csv);
    temps.push(csvTemp);
    const jsonTemp = await writeTemp(directory, names.json, json);
    temps.push(jsonTemp);
    const paths = { csv: join(directory, names.csv), json: join(directory, names.json) };
    await rename(csvTemp, paths.csv);
    await rename(jsonTemp, paths.json);
    return paths;
  } catch (error) {
    // Remove whatever temp files are left; the error itself still propagates.
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    throw error;
  }
}
