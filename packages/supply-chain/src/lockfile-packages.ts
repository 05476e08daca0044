import { readFile } from "node:fs/promises";
import { parse } from "yaml";

/** One package version the lockfile installs. */
export interface LockedPackage {
  name: string;
  version: string;
}

/**
 * Every (name, version) a pnpm lockfile (v9) installs, from the keys of its `packages` section
 * (`name@version`, `@scope/name@version`), each once. Workspace links are not packages of the
 * registry and do not appear there.
 */
export function lockedPackages(lockfileText: string): LockedPackage[] {
  const lockfile = parse(lockfileText) as {
    lockfileVersion?: unknown;
    packages?: Record<string, unknown>;
  } | null;
  if (!lockfile || typeof lockfile !== "object" || lockfile.lockfileVersion === undefined) {
    throw new Error("not a pnpm lockfile (no lockfileVersion)");
  }
  const seen = new Map<string, LockedPackage>();
  for (const key of Object.keys(lockfile.packages ?? {})) {
    const locked = parseKey(key);
    seen.set(`${locked.name}@${locked.version}`, locked);
  }
  return [...seen.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name),
  );
}

export async function readLockedPackages(path: string): Promise<LockedPackage[]> {
  try {
    return lockedPackages(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** `name@version` or `@scope/name@version`, with any peer suffix `(peer@1.0.0)` dropped. */
function parseKey(key: string): LockedPackage {
  const bare = key.replace(/\(.*$/, "");
  const at = bare.lastIndexOf("@");
  if (at <= 0) throw new Error(`lockfile package key "${key}" has no version`);
  return { name: bare.slice(0, at), version: bare.slice(at + 1) };
}
