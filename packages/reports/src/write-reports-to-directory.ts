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
 * Writes files into `<dir>/<processor>/<date>/` and returns their paths by key. Each file
 * appears under its final name only once complete (temp file, fsync, rename), so a crash never
 * leaves half a report, and a re-run replaces the previous files whole.
 */
export async function writeFilesToReportDirectory<K extends string>(
  dir: string,
  processor: string,
  runDate: string,
  files: ReadonlyArray<{ kind: K; name: string; body: string }>,
): Promise<Record<K, string>> {
  // reportFileNames validates both parts, so neither can escape `dir`.
  reportFileNames(processor, runDate);
  return writeFilesAtomically(join(dir, processor, runDate), files);
}

/**
 * Writes files into `directory` (created if missing), each appearing under its final name only
 * once complete (temp file, fsync, rename); returns their paths by key.
 */
export async function writeFilesAtomically<K extends string>(
  directory: string,
  files: ReadonlyArray<{ kind: K; name: string; body: string }>,
): Promise<Record<K, string>> {
  await mkdir(directory, { recursive: true });
  const temps: Array<{ temp: string; kind: K; path: string }> = [];
  try {
    for (const file of files) {
      temps.push({
        temp: await writeTemp(directory, file.name, file.body),
        kind: file.kind,
        path: join(directory, file.name),
      });
    }
    const paths = {} as Record<K, string>;
    for (const { temp, kind, path } of temps) {
      await rename(temp, path);
      paths[kind] = path;
    }
    return paths;
  } catch (error) {
    // Remove whatever temp files are left; the error itself still propagates.
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
}

/**
 * Writes the legacy CSV and JSON reports into `<dir>/<processor>/<date>/` and returns their
 * paths (atomic per file, see writeFilesToReportDirectory).
 */
export async function writeReportsToDirectory(
  dir: string,
  input: LegacyReportInput,
): Promise<{ csv: string; json: string }> {
  const names = reportFileNames(input.processor, input.runDate);
  // Render before touching the disk, so a rendering error writes nothing at all.
  const files = [
    { kind: "csv" as const, name: names.csv, body: renderLegacyCsv(input) },
    { kind: "json" as const, name: names.json, body: renderLegacyJsonString(input) },
  ];
  return writeFilesToReportDirectory(dir, input.processor, input.runDate, files);
}
