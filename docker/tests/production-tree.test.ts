// The image's /app tree, built by docker/assemble.mjs into a temporary directory (once, here),
// inspected (compiled JavaScript only, production dependencies only, exactly those the lockfile
// gives the apps) and run with plain node as the image runs it: the CLI, a migration against a
// fresh database, the dashboard up to /readyz and back down on SIGTERM. Docker is not needed.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { dropDatabase, withDatabase } from "@recon/db";
import { createRedisConnection } from "@recon/queue";
import { testPostgresServerUrl, testRedisUrl, uniquePrefix, eventually } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moduleRelativePaths, npmImports, packageOf } from "./bundle";
import { currentPlatform, lockfileImporters, nameOf, productionImporters, productionPackages } from "./lockfile";
import { filesUnder, installedPackages, snapshotTree } from "./tree";
import { developmentOnlyPackages, isTypesPackage, NEVER_IN_PRODUCTION, readManifests } from "./workspace";

const execFileAsync = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const LOCKFILE = join(REPO, "pnpm-lock.yaml");
const DOCKER_PROJECT = "docker";

// Paths a bundle finds from its own location that the image does not carry, and why.
const NOT_IN_IMAGE: Record<string, string> = {
  // DEFAULT_REPORTS_DIR: the image sets REPORTS_DIR (/reports, a volume); /app is read-only.
  "../../../reports": "reports go to REPORTS_DIR",
  // `recon bench` runs a TypeScript child through tsx: a development tool, run from a checkout.
  "../bench/reconcile-child.ts": "recon bench runs from a checkout",
};

const manifests = readManifests(REPO, lockfileImporters(LOCKFILE));
const productionProjects = productionImporters(LOCKFILE, DOCKER_PROJECT);
const platform = currentPlatform();
// What the apps need to run (no optional peers): a package in it is a production dependency.
const neededByProduction = new Set([...productionPackages(LOCKFILE, DOCKER_PROJECT, { platform, optionalPeers: false })].map(nameOf));
const developmentOnly = developmentOnlyPackages(manifests, productionProjects, neededByProduction);
const forbidden = (name: string) => developmentOnly.has(name) || (NEVER_IN_PRODUCTION as readonly string[]).includes(name) || isTypesPackage(name);
const ours = new Set([...manifests.values()].map((manifest) => manifest.name));
const appDirs = new Map([...manifests].filter(([path]) => path.startsWith("apps/")).map(([path, manifest]) => [manifest.name, path.slice("apps/".length)]));
const imageApps = Object.keys(manifests.get(DOCKER_PROJECT)!.dependencies ?? {}).map((name) => appDirs.get(name)!);

let workDir: string;
let tree: string;
let reportsDir: string;
let before: string[];

/** What the image gives a process: no NODE_OPTIONS, no tsx, production mode, reports outside /app. */
function imageEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NODE_ENV: "production", REPORTS_DIR: reportsDir, ...extra };
}

/** Runs the tree's entrypoint to its end; never throws on a non-zero exit. */
async function entrypoint(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(join(tree, "docker", "entrypoint.sh"), args, { cwd: tree, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "recon-image-"));
  tree = join(workDir, "app");
  reportsDir = join(workDir, "reports");
  const result = await execFileAsync(process.execPath, [join(REPO, "docker", "assemble.mjs"), tree], {
    cwd: REPO,
    env: { ...process.env, NODE_OPTIONS: "" },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`docker/assemble.mjs failed: ${error.message}\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
  });
  expect(result.stdout).toContain("assemble:");
  before = snapshotTree(tree);
}, 240_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("the assembled /app tree", () => {
  it("holds every deployable app compiled to dist/main.js, and nothing of ours in TypeScript", () => {
    // Every app with a build script is in the image (docker/package.json's dependencies).
    const deployable = [...manifests].filter(([path, manifest]) => path.startsWith("apps/") && manifest.scripts?.build).map(([, manifest]) => manifest.name);
    expect(Object.keys(manifests.get(DOCKER_PROJECT)!.dependencies ?? {}).sort()).toEqual(deployable.sort());
    expect(readdirSync(join(tree, "apps")).sort()).toEqual([...imageApps].sort());
    for (const app of imageApps) {
      expect(statSync(join(tree, "apps", app, "dist", "main.js")).size, app).toBeGreaterThan(10_000);
      const map = JSON.parse(readFileSync(join(tree, "apps", app, "dist", "main.js.map"), "utf8")) as { sources: string[]; sourcesContent?: unknown };
      expect(map.sources.some((source) => source.endsWith("src/main.ts")), `${app} source map names its sources`).toBe(true);
      expect(map.sourcesContent, `${app} source map carries no source text`).toBeUndefined();
    }
    expect(statSync(join(tree, "docker", "entrypoint.sh")).mode & 0o111).not.toBe(0);

    // Outside node_modules: the bundles, the migrations and schema, the manifest, the entrypoint.
    const ownFiles = filesUnder(tree).filter((file) => !file.startsWith("node_modules/"));
    const allowed = [/^package\.json$/, /^docker\/entrypoint\.sh$/, /^prisma\/schema\.prisma$/, /^prisma\/migrations\/.+\.(sql|toml)$/, /^apps\/[a-z-]+\/dist\/main\.js(\.map)?$/];
    expect(ownFiles.filter((file) => !allowed.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(ownFiles.filter((file) => /\.[mc]?tsx?$/.test(file) && !file.endsWith(".d.ts"))).toEqual([]);
  });

  it("has no development tool, type package or workspace package of ours in node_modules", () => {
    // The derivation from the manifests finds the usual suspects by itself, and more.
    for (const tool of NEVER_IN_PRODUCTION) expect(developmentOnly, tool).toContain(tool);
    expect([...developmentOnly].filter(isTypesPackage).length).toBeGreaterThan(0);
    expect(developmentOnly).toContain("testcontainers"); // a dependency of @recon/testing, a test helper
    expect(developmentOnly).not.toContain("pg"); // a CLI devDependency, but @recon/db's dependency
    expect(developmentOnly).not.toContain("semver"); // a supply-chain dependency, but BullMQ needs it too

    const installed = installedPackages(join(tree, "node_modules"));
    expect(installed.length).toBeGreaterThan(100);
    expect(installed.filter((pkg) => forbidden(pkg.name)).map((pkg) => pkg.path)).toEqual([]);
    expect(installed.filter((pkg) => ours.has(pkg.name)).map((pkg) => pkg.path)).toEqual([]);
  });

  it("has exactly the apps' production dependencies of the lockfile, at the locked versions", () => {
    // With the optional peers the deploy installs (debug's supports-color), without what is
    // forbidden (@prisma/client's optional peers prisma and typescript; @types/*) and what only
    // those need.
    const expected = productionPackages(LOCKFILE, DOCKER_PROJECT, { platform, optionalPeers: true, excluded: forbidden });
    const installed = new Set(installedPackages(join(tree, "node_modules")).map((pkg) => `${pkg.name}@${pkg.version}`));
    expect([...installed].sort()).toEqual([...expected].sort());
  });

  it("declares the npm packages our bundled code depends on, and the bundles import nothing else", () => {
    const declared = new Map<string, string>();
    for (const path of productionProjects) {
      for (const [name, spec] of Object.entries(manifests.get(path)!.dependencies ?? {})) {
        if (!spec.startsWith("workspace:")) declared.set(name, spec);
      }
    }
    const manifest = JSON.parse(readFileSync(join(tree, "package.json"), "utf8")) as { type: string; dependencies: Record<string, string> };
    expect(manifest.type).toBe("module");
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...declared.keys()].sort());
    for (const [name, version] of Object.entries(manifest.dependencies)) {
      const installed = JSON.parse(readFileSync(join(tree, "node_modules", name, "package.json"), "utf8")) as { version: string };
      expect(installed.version, name).toBe(version);
    }
    for (const app of imageApps) {
      const imports = npmImports(readFileSync(join(tree, "apps", app, "dist", "main.js"), "utf8"));
      expect(imports.length, app).toBeGreaterThan(5);
      expect(imports.map(packageOf).filter((name) => !(name in manifest.dependencies)), app).toEqual([]);
    }
  });

  it("finds every path a bundle reads from beside itself (migrations, schema) in the tree", () => {
    const missing: string[] = [];
    let found = 0;
    for (const app of imageApps) {
      const dist = join(tree, "apps", app, "dist");
      for (const path of moduleRelativePaths(readFileSync(join(dist, "main.js"), "utf8"))) {
        found += 1;
        if (path in NOT_IN_IMAGE) continue;
        // A computed path (template literal) cannot be checked: it counts as missing.
        if (path.startsWith("`") || !existsSync(join(dist, path))) missing.push(`${app}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(found).toBeGreaterThanOrEqual(imageApps.length * 2); // every app finds at least the migrations and the schema
    expect(readdirSync(join(tree, "prisma", "migrations")).sort()).toEqual(readdirSync(join(REPO, "prisma", "migrations")).sort());
  });
});

describe("the compiled apps, run with plain node", () => {
  it("loads every npm module the bundles import, from a bundle's folder", async () => {
    // Every bundle sits at apps/<app>/dist and the tree has node_modules only at its root (see
    // above), so one folder resolves as any other. An ESM --eval module resolves from its working
    // directory. Loading (not only resolving) also runs into a package's own missing dependency.
    const specifiers = [...new Set(imageApps.flatMap((app) => npmImports(readFileSync(join(tree, "apps", app, "dist", "main.js"), "utf8"))))];
    const probe = `const failures = [];
for (const specifier of JSON.parse(process.argv[1])) {
  try { await import(specifier); } catch (error) { failures.push(specifier + ": " + error.message); }
}
process.stdout.write(JSON.stringify(failures));
process.exit(0);`;
    const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "-e", probe, JSON.stringify(specifiers)], {
      cwd: join(tree, "apps", imageApps[0]!, "dist"),
      env: imageEnv(),
    });
    expect(specifiers.length).toBeGreaterThan(20);
    expect(JSON.parse(stdout)).toEqual([]);
  }, 60_000);

  it("recon --help answers, and the entrypoint refuses an unknown app", async () => {
    const help = await entrypoint(["recon", "--help"], imageEnv());
    expect(help.stderr).toBe("");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^\s+migrate\b/m);
    expect(help.stdout).toMatch(/^\s+audit\b/m);

    const unknown = await entrypoint(["../../bin/sh"], imageEnv());
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("apps: recon dashboard");
  }, 60_000);

  describe("against a fresh database", () => {
    let databaseUrl: string;
    let prefix: string;

    beforeAll(async () => {
      prefix = uniquePrefix("recon_image");
      databaseUrl = withDatabase(await testPostgresServerUrl(), prefix);
    });

    afterAll(async () => {
      if (databaseUrl) await dropDatabase(databaseUrl);
      const redis = createRedisConnection(testRedisUrl(), "worker");
      try {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    });

    it("recon migrate creates the database and applies every migration from the tree's prisma/", async () => {
      const migrations = readdirSync(join(REPO, "prisma", "migrations"), { withFileTypes: true }).filter((entry) => entry.isDirectory());
      const env = imageEnv({ MIGRATION_DATABASE_URL: databaseUrl, DATABASE_URL: databaseUrl });
      const first = await entrypoint(["recon", "migrate"], env);
      expect(first.stderr).toContain(`created database ${prefix}`);
      expect(first.code).toBe(0);
      expect(first.stdout.trim()).toBe(`applied ${migrations.length} migration(s): ${migrations.map((entry) => entry.name).join(", ")}`);

      const again = await entrypoint(["recon", "migrate"], env);
      expect(again.code).toBe(0);
      expect(again.stdout.trim()).toBe("database is up to date");
    }, 60_000);

    it("the dashboard serves, answers /healthz and /readyz, and exits 0 on SIGTERM", async () => {
      const child = spawn(join(tree, "docker", "entrypoint.sh"), ["dashboard"], {
        cwd: tree,
        env: imageEnv({ DATABASE_URL: databaseUrl, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, HEALTH_PORT: "0", DASHBOARD_PORT: "0", DASHBOARD_SANDBOX: "true" }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      try {
        const started = await eventually("the dashboard's start line", () => {
          if (child.exitCode !== null) throw new Error(`the dashboard exited with ${child.exitCode}:\n${output}`);
          const line = output.split("\n").find((text) => text.includes('"msg":"dashboard started"'));
          return Promise.resolve(line ? (JSON.parse(line) as { url: string; health: string }) : undefined);
        });
        for (const path of ["/healthz", "/readyz"]) {
          const status = await eventually(`${path} 200`, async () => {
            const response = await fetch(`${started.health}${path}`).catch(() => undefined);
            await response?.body?.cancel();
            return response?.status === 200 ? 200 : undefined;
          });
          expect(status).toBe(200);
        }
        // Bull Board's page and a script of its UI: files the npm package reads from its own folder.
        const page = await fetch(started.url);
        expect(page.status).toBe(200);
        const script = /src="(static\/js\/[^"]+\.js)"/.exec(await page.text())?.[1];
        expect(script).toBeDefined();
        const asset = await fetch(`${started.url}/${script}`);
        expect(asset.status).toBe(200);
        expect((await asset.text()).length).toBeGreaterThan(1_000);
      } finally {
        child.kill("SIGTERM");
      }
      expect(await exited).toEqual({ code: 0, signal: null });
    }, 60_000);
  });

  it("wrote nothing into the tree (the image's /app is read-only)", () => {
    expect(snapshotTree(tree)).toEqual(before);
  });
});
