// Each rule of .dependency-cruiser.cjs (pnpm check:boundaries) run on a small workspace that
// breaks it: the check must exit non-zero and name the rule and the offending import. The same
// workspace without the violation passes, so a failure is the rule's and not the set-up's.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..", "..", "..");
// The root's dependency-cruiser and configuration: exactly what CI runs.
const DEPCRUISE = join(REPO, "node_modules", ".bin", "depcruise");
const CONFIG = join(REPO, ".dependency-cruiser.cjs");

type Files = Record<string, string>;

/** Apps over packages over the domain, as the rules want it. */
const CLEAN: Files = {
  "apps/fetch-worker/src/main.ts": `import { start } from "../../../packages/ingest/src/index";\nstart();\n`,
  "apps/scheduler/src/main.ts": `import { start } from "../../../packages/ingest/src/index";\nstart();\n`,
  "packages/ingest/src/index.ts": `import { money } from "../../domain/src/index";\nexport const start = (): number => money;\n`,
  "packages/domain/src/index.ts": `export const money = 1;\n`,
  // Tests of the pure core may read fixtures from disk.
  "packages/domain/src/money.test.ts": `import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n`,
  "packages/engine/src/index.ts": `import { money } from "../../domain/src/index";\nexport const engine = money;\n`,
};

const workspaces: string[] = [];

afterEach(async () => {
  await Promise.all(workspaces.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workspaceOf(files: Files): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "recon-boundaries-"));
  workspaces.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** Runs the check as CI does on `files`. */
async function checkBoundaries(files: Files): Promise<{ code: number; output: string }> {
  const cwd = await workspaceOf(files);
  return new Promise((resolve) => {
    execFile(DEPCRUISE, ["apps", "packages", "--config", CONFIG, "--output-type", "err"], { cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe("pnpm check:boundaries", () => {
  it("passes a workspace that keeps every rule", async () => {
    const { code, output } = await checkBoundaries(CLEAN);
    expect(output).toContain("no dependency violations found");
    expect(code).toBe(0);
  });

  it("fails when an app imports another app", async () => {
    const { code, output } = await checkBoundaries({
      ...CLEAN,
      "apps/fetch-worker/src/schedule.ts": `import "../../scheduler/src/main";\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toContain("error app-imports-another-app: apps/fetch-worker/src/schedule.ts → apps/scheduler/src/main.ts");
  });

  it("fails when an app or a package imports an app by its package name", async () => {
    const { code, output } = await checkBoundaries({
      ...CLEAN,
      "apps/fetch-worker/src/schedule.ts": `import "@recon/scheduler";\n`,
      "packages/ingest/src/cli.ts": `import "@recon/cli";\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toContain("error app-imports-an-app-by-name: apps/fetch-worker/src/schedule.ts → @recon/scheduler");
    expect(output).toContain("error app-imports-an-app-by-name: packages/ingest/src/cli.ts → @recon/cli");
  });

  it("fails when a package imports an app", async () => {
    const { code, output } = await checkBoundaries({
      ...CLEAN,
      "packages/ingest/src/worker.ts": `import "../../../apps/scheduler/src/main";\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toContain("error package-imports-an-app: packages/ingest/src/worker.ts → apps/scheduler/src/main.ts");
  });

  it("fails on every kind of I/O the domain or the engine imports", async () => {
    const io = ["node:fs", "fs", "node:net", "node:http", "node:child_process", "pg", "ioredis", "bullmq", "@prisma/client", "axios", "@aws-sdk/client-s3", "nodemailer", "@slack/web-api"];
    const files: Files = { ...CLEAN };
    io.forEach((module, i) => {
      files[`packages/${i % 2 === 0 ? "domain" : "engine"}/src/io-${i}.ts`] = `import * as io from "${module}";\nexport const reach = io;\n`;
    });
    const { code, output } = await checkBoundaries(files);
    expect(code).not.toBe(0);
    io.forEach((module, i) => {
      expect(output, module).toMatch(new RegExp(`error pure-core-does-io: packages/(domain|engine)/src/io-${i}\\.ts → (node:)?${module.replace(/^node:/, "")}\\b`));
    });
  });

  it("fails when the domain or the engine imports a workspace package other than the domain", async () => {
    const { code, output } = await checkBoundaries({
      ...CLEAN,
      "packages/engine/src/ingest.ts": `import "../../ingest/src/index";\n`,
      "packages/domain/src/engine.ts": `import "../../engine/src/index";\n`,
      "packages/engine/src/queue.ts": `import "@recon/queue";\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toContain("error pure-core-imports-a-workspace-package: packages/engine/src/ingest.ts → packages/ingest/src/index.ts");
    expect(output).toContain("error pure-core-imports-a-workspace-package: packages/domain/src/engine.ts → packages/engine/src/index.ts");
    expect(output).toContain("error pure-core-imports-recon-by-name: packages/engine/src/queue.ts → @recon/queue");
  });

  it("fails on a circular dependency, type-only included", async () => {
    const { code, output } = await checkBoundaries({
      ...CLEAN,
      "packages/ingest/src/slice.ts": `import type { Job } from "./job";\nexport interface Slice { job: Job }\n`,
      "packages/ingest/src/job.ts": `import type { Slice } from "./slice";\nexport interface Job { slices: Slice[] }\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/error no-circular: packages\/ingest\/src\/(slice|job)\.ts →/);
  });
});
