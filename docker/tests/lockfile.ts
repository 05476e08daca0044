import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { parse } from "yaml";

/** The parts of pnpm-lock.yaml (lockfile v9) the production closure needs. */
interface Lockfile {
  importers: Record<string, { dependencies?: Record<string, { version: string }>; optionalDependencies?: Record<string, { version: string }> }>;
  packages: Record<string, PackageMeta>;
  snapshots: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
}

interface PackageMeta {
  os?: string[];
  cpu?: string[];
  libc?: string[];
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Platform {
  os: string;
  cpu: string;
  libc: "glibc" | "musl";
}

/** The platform of this process, as package.json's os/cpu/libc fields name it. */
export function currentPlatform(): Platform {
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return { os: process.platform, cpu: process.arch, libc: header?.glibcVersionRuntime ? "glibc" : "musl" };
}

/** npm's rule for os/cpu/libc lists: `!x` excludes x; otherwise the value must be listed. */
function allows(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  const excluded = list.filter((entry) => entry.startsWith("!")).map((entry) => entry.slice(1));
  const included = list.filter((entry) => !entry.startsWith("!"));
  if (excluded.includes(value)) return false;
  return included.length === 0 || included.includes(value);
}

/** The snapshot key of a dependency: `name@version`, or for an npm alias (`x: npm:y@1`) `y@1`. */
function snapshotKey(name: string, version: string): string {
  return /^\d/.test(version) ? `${name}@${version}` : version;
}

/** `name@version(peer@x)(...)` -> `name@version`: the key of the package's metadata. */
function withoutPeers(key: string): string {
  const versionAt = key.indexOf("@", 1);
  const paren = key.indexOf("(", versionAt);
  return paren === -1 ? key : key.slice(0, paren);
}

function readLockfile(path: string): Lockfile {
  return parse(readFileSync(path, "utf8")) as Lockfile;
}

/**
 * The workspace projects (importer paths such as `apps/cli`) the production install of
 * `importer` includes: itself and what its `dependencies` link to, transitively.
 */
export function productionImporters(lockfilePath: string, importer: string): Set<string> {
  const lock = readLockfile(lockfilePath);
  const found = new Set<string>();
  const visit = (path: string) => {
    if (found.has(path)) return;
    const entry = lock.importers[path];
    if (!entry) throw new Error(`pnpm-lock.yaml has no importer ${path}`);
    found.add(path);
    for (const { version } of Object.values({ ...entry.dependencies, ...entry.optionalDependencies })) {
      if (version.startsWith("link:")) visit(posix.join(path, version.slice("link:".length)));
    }
  };
  visit(importer);
  return found;
}

export interface ClosureOptions {
  /** Packages built for another platform are left out. */
  platform: Platform;
  /**
   * Follow the optional peers the workspace resolved (debug's supports-color, @prisma/client's
   * prisma and typescript). A deployed project installs some of them; none is needed to run.
   */
  optionalPeers: boolean;
  /** Packages left out, with whatever is reached only through them. */
  excluded?: (name: string) => boolean;
}

/**
 * The npm packages (`name@version`) the production install of `importer` holds according to the
 * lockfile: the `dependencies` of its production importers, followed through each package's
 * dependencies and optional dependencies.
 */
export function productionPackages(lockfilePath: string, importer: string, options: ClosureOptions): Set<string> {
  const lock = readLockfile(lockfilePath);
  const { platform, excluded = () => false } = options;
  const pending: Array<{ name: string; key: string }> = [];
  for (const path of productionImporters(lockfilePath, importer)) {
    const entry = lock.importers[path]!;
    for (const [name, { version }] of Object.entries({ ...entry.dependencies, ...entry.optionalDependencies })) {
      if (!version.startsWith("link:")) pending.push({ name, key: snapshotKey(name, version) });
    }
  }
  const packages = new Set<string>();
  const visited = new Set<string>();
  while (pending.length > 0) {
    const { name, key } = pending.pop()!;
    if (visited.has(key) || excluded(name)) continue;
    visited.add(key);
    const base = withoutPeers(key);
    const meta = lock.packages[base];
    if (!meta) throw new Error(`pnpm-lock.yaml has no package ${base}`);
    if (!allows(meta.os, platform.os) || !allows(meta.cpu, platform.cpu) || !allows(meta.libc, platform.libc)) continue;
    packages.add(base);
    const snapshot = lock.snapshots[key] ?? {};
    for (const [depName, version] of Object.entries({ ...snapshot.dependencies, ...snapshot.optionalDependencies })) {
      if (!options.optionalPeers && meta.peerDependenciesMeta?.[depName]?.optional && meta.peerDependencies?.[depName] !== undefined) continue;
      pending.push({ name: depName, key: snapshotKey(depName, version) });
    }
  }
  return packages;
}

/** `name@1.2.3` -> `name`. */
export function nameOf(pkg: string): string {
  return pkg.slice(0, pkg.indexOf("@", 1));
}

/** Every workspace project of the lockfile, by importer path (`.` is the root). */
export function lockfileImporters(lockfilePath: string): string[] {
  return Object.keys(readLockfile(lockfilePath).importers);
}
