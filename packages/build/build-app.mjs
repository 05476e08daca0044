#!/usr/bin/env node
// Compiles the app in the current directory: src/main.ts -> dist/main.js (ESM, Node 20+).
//
// Our workspace packages export TypeScript sources, so they are bundled in; every npm package
// stays an import, resolved at run time from the image's production node_modules (bundling them
// would break packages that read their own files, such as Bull Board's UI and Prisma's runtime).
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";

const appDir = process.cwd();
const outdir = join(appDir, "dist");
await rm(outdir, { recursive: true, force: true });

/** Every bare import that is not one of ours is left to Node's resolver. */
const npmPackagesStayExternal = {
  name: "npm-packages-external",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@recon/") || args.path.startsWith("node:")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const result = await build({
  entryPoints: [join(appDir, "src", "main.ts")],
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  metafile: true,
  logLevel: "warning",
  plugins: [npmPackagesStayExternal],
});

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`built ${join(outdir, "main.js")} (${Math.round(bytes / 1024)} KiB with source map)`);
