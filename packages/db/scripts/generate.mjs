// Runs `prisma generate` without Prisma's Rust schema engine.
// The prisma-client generator runs on WASM and talks to Postgres through @prisma/adapter-pg,
// but the CLI still checks that a schema-engine binary exists. Where the real one could not be
// downloaded (offline installs, blocked postinstall), any existing file satisfies that check.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate", ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
  // prisma.config.ts sits in the db package; run from there whoever calls us.
  cwd: fileURLToPath(new URL("..", import.meta.url)),
});
process.exit(result.status ?? 1);
