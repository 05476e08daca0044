// Architecture guardrails, checked in CI by `pnpm check:boundaries` (docs/architecture.md):
// apps are entry points (main.ts) over packages; use cases live in packages; the domain and the
// engine stay pure. packages/guardrails/src/boundaries.test.ts proves each rule fails on a violation.
const { readdirSync, readFileSync, existsSync } = require("node:fs");
const { join } = require("node:path");

// The npm names of the apps (@recon/cli, @recon/fetch-worker, ...), read from apps/*/package.json
// so a new app is covered without editing this file. They catch an app imported by name even
// where it does not resolve to apps/ (not installed, or a path alias).
const appsDir = join(__dirname, "apps");
const appNames = readdirSync(appsDir)
  .filter((dir) => existsSync(join(appsDir, dir, "package.json")))
  .map((dir) => JSON.parse(readFileSync(join(appsDir, dir, "package.json"), "utf8")).name);
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const appNameImport = `^(${appNames.map(escape).join("|")})(/|$)`;

// Input and output the pure core must not reach: Node's I/O modules and the clients of the
// database, Redis, queues, HTTP, AWS, e-mail and Slack.
const IO_CORE_MODULES = "^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads)$";
const IO_NPM_PACKAGES = "^(pg|pg-[^/]+|ioredis|bullmq|@prisma/[^/]+|prisma|axios|undici|node-fetch|@aws-sdk/[^/]+|nodemailer|@slack/[^/]+)(/|$)";
const PURE_CORE = "^packages/(domain|engine)/src/";
// Tests of the pure core may read fixtures; the rule is about what the shipped code reaches.
const TEST_FILE = "\\.test\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "app-imports-another-app",
      comment: "An app is only its entry point: shared code belongs in a package both apps depend on.",
      severity: "error",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "app-imports-an-app-by-name",
      comment: "An app's package name (apps/*/package.json) is imported: apps are never dependencies.",
      severity: "error",
      from: { path: "^(apps|packages)/" },
      to: { path: appNameImport },
    },
    {
      name: "package-imports-an-app",
      comment: "Packages are below apps: an app composes packages, never the other way round.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "pure-core-does-io",
      comment: "packages/domain and packages/engine are pure: no files, network, processes, database, Redis, queues or remote APIs.",
      severity: "error",
      from: { path: PURE_CORE, pathNot: TEST_FILE },
      to: { path: [IO_CORE_MODULES, IO_NPM_PACKAGES] },
    },
    {
      name: "pure-core-imports-a-workspace-package",
      comment: "packages/domain and packages/engine depend on no workspace package but the domain.",
      severity: "error",
      from: { path: "^packages/(domain|engine)/src/", pathNot: TEST_FILE },
      to: { path: "^(packages|apps)/", pathNot: "^packages/(domain|$1)/" },
    },
    {
      name: "pure-core-imports-recon-by-name",
      comment: "As above, for an @recon/* import that does not resolve into the workspace.",
      severity: "error",
      from: { path: PURE_CORE, pathNot: TEST_FILE },
      to: { path: "^@recon/", pathNot: "^@recon/domain$" },
    },
    {
      name: "no-circular",
      comment: "A cycle between modules makes load order matter and the parts impossible to use apart.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|coverage|\\.turbo)/|^packages/db/src/generated/" },
    // Type-only imports count: a type from an app still ties a package to it.
    tsPreCompilationDeps: true,
    // Workspace packages resolve through their node_modules links to their real path
    // (packages/<name>/src/index.ts, the `exports` of each package.json).
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
