import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** One installed copy of a package in a node_modules tree. */
export interface InstalledPackage {
  name: string;
  version: string;
  /** Where, relative to the tree's root. */
  path: string;
}

/**
 * Every package installed under `nodeModules`: its direct entries (and `@scope/name`), then each
 * package's own node_modules, recursively. Folders inside a package (its tests' fixtures) are
 * not installs and are not read.
 */
export function installedPackages(nodeModules: string, root = nodeModules): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const dirs = entry.startsWith("@") ? readdirSync(join(nodeModules, entry)).map((name) => join(nodeModules, entry, name)) : [join(nodeModules, entry)];
    for (const dir of dirs) {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };
      found.push({ name: manifest.name, version: manifest.version, path: relative(root, dir) });
      if (existsSync(join(dir, "node_modules"))) found.push(...installedPackages(join(dir, "node_modules"), root));
    }
  }
  return found;
}

/** Every file under `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** Path, size and modification time of every file and folder under `dir`: equal snapshots mean nothing was written. */
export function snapshotTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const stat = statSync(path);
      return `${relative(dir, path)} ${entry.isDirectory() ? "dir" : stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}
