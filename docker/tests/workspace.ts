import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The package.json of every workspace project, by its path relative to the repository. */
export function readManifests(repo: string, projectPaths: readonly string[]): Map<string, Manifest> {
  return new Map(projectPaths.map((path) => [path, JSON.parse(readFileSync(join(repo, path, "package.json"), "utf8")) as Manifest]));
}

/** Tools that must never be in a production tree, whatever the manifests say. */
export const NEVER_IN_PRODUCTION = ["tsx", "typescript", "esbuild", "vitest", "eslint", "prisma"] as const;

/** Type declarations only: Node never loads them. */
export const isTypesPackage = (name: string): boolean => name.startsWith("@types/");

/**
 * The npm packages the workspace uses only to develop: every devDependency of a workspace
 * package, and every dependency of a workspace package outside the production set (build and
 * test helpers such as @recon/build and @recon/testing), minus anything that is a production
 * dependency somewhere: of a production workspace package (pg is a devDependency of the CLI but
 * a dependency of @recon/db), or of a package the production install needs (`neededByProduction`,
 * e.g. semver, which BullMQ needs and a lint tool also uses).
 */
export function developmentOnlyPackages(manifests: Map<string, Manifest>, productionProjects: ReadonlySet<string>, neededByProduction: ReadonlySet<string>): Set<string> {
  const ours = new Set([...manifests.values()].map((manifest) => manifest.name));
  const development = new Set<string>();
  const production = new Set<string>(neededByProduction);
  for (const [path, manifest] of manifests) {
    const runtime = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });
    for (const name of Object.keys(manifest.devDependencies ?? {})) development.add(name);
    for (const name of runtime) (productionProjects.has(path) ? production : development).add(name);
  }
  return new Set([...development].filter((name) => !production.has(name) && !ours.has(name)));
}
