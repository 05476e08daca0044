#!/usr/bin/env node
// Assembles the production image's /app tree into a directory, from an installed workspace
// (`pnpm install --frozen-lockfile` first):
//
//   node docker/assemble.mjs <out-dir>
//
// The Dockerfile's build stage runs it into /app and the final stage copies that tree and nothing
// else; tests run it into a temporary directory and inspect and run what it made. The tree:
//
//   package.json             "type": "module" and the npm packages the bundles may import
//   node_modules/            production dependencies only, flat (pnpm deploy --prod, hoisted)
//   apps/<app>/dist/         main.js (+ source map) of every app: our code, bundled by esbuild
//   prisma/                  schema.prisma and migrations/ (recon migrate reads them)
//   docker/entrypoint.sh     entrypoint.sh <app> [args]
//
// The apps in the image are the `dependencies` of docker/package.json. Paths our code finds from
// its own module URL (`new URL("../../../prisma/migrations", import.meta.url)`) resolve the same
// from apps/<app>/dist/main.js as from packages/<pkg>/src/<file>.ts: both sit three levels below
// the root, so the tree keeps the repository's layout.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const DOCKER_PACKAGE = "@recon/docker";

function fail(message) {
  console.error(`assemble: ${message}`);
  process.exit(1);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

function run(command, args) {
  console.log(`assemble: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: REPO, stdio: "inherit" });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args[0]} ... exited with ${result.status ?? result.signal}`);
}

/** Bytes of every file under `dir` (du's apparent size; hard links counted once per path). */
function sizeOf(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += lstatSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

/** Every installed package folder under a node_modules folder, and under theirs, recursively. */
function installedPackages(nodeModulesDir) {
  const found = [];
  for (const entry of readdirSync(nodeModulesDir)) {
    if (entry.startsWith(".")) continue;
    const dirs = entry.startsWith("@") ? readdirSync(join(nodeModulesDir, entry)).map((name) => join(nodeModulesDir, entry, name)) : [join(nodeModulesDir, entry)];
    for (const dir of dirs) {
      found.push(dir);
      if (existsSync(join(dir, "node_modules"))) found.push(...installedPackages(join(dir, "node_modules")));
    }
  }
  return found;
}

/** The folder Node loads `name` from when required from `fromDir`: the nearest node_modules/<name> up to the tree's root. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === out || dir === dirname(dir)) return undefined;
  }
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const outArg = process.argv[2];
if (!outArg || process.argv.length > 3) fail("usage: node docker/assemble.mjs <out-dir>");
const out = resolve(outArg);
if (existsSync(out) && readdirSync(out).length > 0) fail(`${out} exists and is not empty`);
mkdirSync(out, { recursive: true });

// The apps of the image, by their folder under apps/ (the tree keeps the repository's layout).
const appDirs = new Map(
  readdirSync(join(REPO, "apps"))
    .filter((dir) => existsSync(join(REPO, "apps", dir, "package.json")))
    .map((dir) => [readJson(join(REPO, "apps", dir, "package.json")).name, dir]),
);
const apps = Object.keys(readJson(join(REPO, "docker", "package.json")).dependencies ?? {}).map((name) => {
  const dir = appDirs.get(name);
  if (!dir) fail(`${name}, a dependency of ${DOCKER_PACKAGE}, is not an app under apps/`);
  return dir;
});
if (apps.length === 0) fail(`${DOCKER_PACKAGE} has no app dependencies`);

// 1. Compile every app (packages/build/build-app.mjs: esbuild, workspace code bundled in).
run("pnpm", ["--filter", `${DOCKER_PACKAGE}^...`, "run", "build"]);
for (const app of apps) {
  if (!existsSync(join(REPO, "apps", app, "dist", "main.js"))) fail(`apps/${app} built no dist/main.js (has it a "build" script?)`);
}

// 2. Production dependencies of the apps, flat: with the hoisted linker every package the bundles
// import is in node_modules/ at the root, where Node finds it from apps/<app>/dist. Every package
// comes from the store the frozen install just filled (--offline); the deploy takes a subset of
// that verified lockfile and resolves nothing (--trust-lockfile: its supply-chain check would
// need registry metadata). No install scripts run: none is needed (pnpm-workspace.yaml).
const staging = join(out, ".deploy");
run("pnpm", [
  "--filter",
  DOCKER_PACKAGE,
  "deploy",
  "--prod",
  "--offline",
  "--trust-lockfile",
  "--frozen-lockfile",
  "--ignore-scripts",
  "--node-linker",
  "hoisted",
  staging,
]);
const nodeModules = join(out, "node_modules");
renameSync(join(staging, "node_modules"), nodeModules);
rmSync(staging, { recursive: true, force: true });

// Our workspace packages were deployed too (as TypeScript sources); the bundles hold their code.
// A package nested under one of them is a version that could not be hoisted because another
// package of ours needs a different one: the bundle would import the root's, so that is an error.
const ours = join(nodeModules, "@recon");
for (const pkg of existsSync(ours) ? readdirSync(ours) : []) {
  const nested = join(ours, pkg, "node_modules");
  const names = existsSync(nested) ? readdirSync(nested).filter((name) => !name.startsWith(".")) : [];
  if (names.length > 0) fail(`@recon/${pkg} needs its own version of ${names.join(", ")}: align the versions (catalog:) so one copy serves every bundle`);
}
rmSync(ours, { recursive: true, force: true });

// pnpm's bookkeeping (.modules.yaml, .pnpm/lock.yaml: paths of the build machine) and command
// shims (.bin) are not needed to run.
for (const entry of readdirSync(nodeModules)) {
  if (entry.startsWith(".")) rmSync(join(nodeModules, entry), { recursive: true, force: true });
}
for (const pkg of installedPackages(nodeModules)) rmSync(join(pkg, "node_modules", ".bin"), { recursive: true, force: true });

// 3. The npm packages our bundled code declares (the production dependencies of every workspace
// package in the apps' bundles), at the version installed: the tree's dependency list.
const declared = new Map();
const workspaceDirs = new Map(
  ["apps", "packages"].flatMap((parent) =>
    readdirSync(join(REPO, parent))
      .filter((dir) => existsSync(join(REPO, parent, dir, "package.json")))
      .map((dir) => [readJson(join(REPO, parent, dir, "package.json")).name, join(REPO, parent, dir)]),
  ),
);
const seen = new Set();
const queue = apps.map((app) => join(REPO, "apps", app));
while (queue.length > 0) {
  const dir = queue.pop();
  if (seen.has(dir)) continue;
  seen.add(dir);
  for (const [name, spec] of Object.entries(readJson(join(dir, "package.json")).dependencies ?? {})) {
    if (String(spec).startsWith("workspace:")) {
      const next = workspaceDirs.get(name);
      if (!next) fail(`workspace package ${name} not found under apps/ or packages/`);
      queue.push(next);
      continue;
    }
    const manifest = join(nodeModules, name, "package.json");
    if (!existsSync(manifest)) fail(`${name} (a dependency of ${dir}) is missing from the production node_modules`);
    declared.set(name, readJson(manifest).version);
  }
}

// Type declarations (@types/*) are never loaded by Node, but some npm packages list them as
// dependencies (@slack/*, square, @prisma/adapter-pg). Keep what the declared packages need to
// run, following dependencies, optional and peer dependencies as Node resolves them, but not
// @types/*; remove the rest (@types/* and what only they needed, such as undici-types@6).
const needed = new Set();
const pending = [...declared.keys()].map((name) => ({ name, from: out, required: true }));
while (pending.length > 0) {
  const { name, from, required } = pending.pop();
  if (name.startsWith("@types/")) continue;
  const dir = resolvePackage(name, from);
  if (!dir) {
    if (required) fail(`${name}, needed by ${from}, is not installed`);
    continue;
  }
  if (needed.has(dir)) continue;
  needed.add(dir);
  const manifest = readJson(join(dir, "package.json"));
  for (const dep of Object.keys(manifest.dependencies ?? {})) pending.push({ name: dep, from: dir, required: true });
  // Optional and peer dependencies are used when present (debug loads supports-color if it can;
  // debug names it in peerDependenciesMeta only).
  const optional = { ...manifest.optionalDependencies, ...manifest.peerDependencies, ...manifest.peerDependenciesMeta };
  for (const dep of Object.keys(optional)) pending.push({ name: dep, from: dir, required: false });
}
const unneeded = installedPackages(nodeModules).filter((dir) => !needed.has(dir));
for (const dir of unneeded) rmSync(dir, { recursive: true, force: true });
for (const entry of readdirSync(nodeModules)) {
  if (entry.startsWith("@") && readdirSync(join(nodeModules, entry)).length === 0) rmSync(join(nodeModules, entry), { recursive: true });
}
console.log(`assemble: removed ${unneeded.length} packages nothing needs at run time (type declarations)`);

const dependencies = Object.fromEntries([...declared].sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  join(out, "package.json"),
  `${JSON.stringify(
    {
      name: "recon-image",
      private: true,
      description: "The recon fleet as built for production: docker/entrypoint.sh <app> [args] runs apps/<app>/dist/main.js.",
      type: "module",
      dependencies,
    },
    null,
    2,
  )}\n`,
);

// 4. The bundles: main.js and its source map, which node --enable-source-maps reads so stack
// traces name our TypeScript files and lines. The map's copy of those sources (sourcesContent)
// is dropped: traces do not need it, and the image carries no TypeScript of ours.
for (const app of apps) {
  const dist = join(out, "apps", app, "dist");
  mkdirSync(dist, { recursive: true });
  copyFileSync(join(REPO, "apps", app, "dist", "main.js"), join(dist, "main.js"));
  const { sourcesContent: _sources, ...map } = readJson(join(REPO, "apps", app, "dist", "main.js.map"));
  writeFileSync(join(dist, "main.js.map"), JSON.stringify(map));
}

// 5. What the code reads from beside itself: the migrations and the schema.
mkdirSync(join(out, "prisma"), { recursive: true });
copyFileSync(join(REPO, "prisma", "schema.prisma"), join(out, "prisma", "schema.prisma"));
cpSync(join(REPO, "prisma", "migrations"), join(out, "prisma", "migrations"), { recursive: true });

// 6. The entrypoint.
const entrypoint = join(out, "docker", "entrypoint.sh");
mkdirSync(dirname(entrypoint), { recursive: true });
copyFileSync(join(REPO, "docker", "entrypoint.sh"), entrypoint);
chmodSync(entrypoint, 0o755);

console.log(
  `assemble: ${out}: ${apps.length} apps, ${declared.size} direct npm dependencies; ` +
    `node_modules ${mib(sizeOf(nodeModules))}, whole tree ${mib(sizeOf(out))}`,
);
