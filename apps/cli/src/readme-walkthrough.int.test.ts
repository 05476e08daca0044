// The README's walk-through, as a reader on a fresh clone follows it: the "## Two commands"
// section's first command is run exactly as written (through pnpm, from the repository root, in an
// environment with nothing configured) and what it prints must be the sample output the README
// shows, character for character. The sandbox is deterministic, so nothing may differ; when the
// output changes, this fails until README.md shows the new output.
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { dropDatabase, withDatabase } from "@recon/db";
import { deleteKeysUnder, testPostgresServerUrl, testRedisUrl, uniquePrefix } from "@recon/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { readTwoCommands } from "./testing/readme-two-commands";

/** The repository root: this file is apps/cli/src/readme-walkthrough.int.test.ts. */
const ROOT = resolve(import.meta.dirname, "../../..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const rootPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  packageManager: string;
  scripts: Record<string, string>;
};

interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((done) => {
    execFile(
      "sh",
      ["-c", command],
      { cwd: ROOT, env, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number | string }) | null;
        done({ code: failed ? (typeof failed.code === "number" ? failed.code : null) : 0, stdout, stderr });
      },
    );
  });
}

describe("readTwoCommands", () => {
  const markdown = [
    "# x",
    "## Two commands",
    "```sh",
    "npm install --global pnpm@1.2.3 && pnpm install && pnpm recon run --sandbox --date 2025-01-02",
    "```",
    "prints:",
    "```",
    "line one",
    "  line two",
    "```",
    "```sh",
    "pnpm test",
    "```",
    "## Next",
    "```",
    "not this",
    "```",
  ].join("\n");

  it("reads the steps of the first command, the sample output as written and the second command", () => {
    expect(readTwoCommands(markdown)).toEqual({
      firstCommandSteps: [
        "npm install --global pnpm@1.2.3",
        "pnpm install",
        "pnpm recon run --sandbox --date 2025-01-02",
      ],
      runCommand: "pnpm recon run --sandbox --date 2025-01-02",
      sampleOutput: "line one\n  line two\n",
      secondCommand: "pnpm test",
    });
  });

  it("refuses a section without a sample output", () => {
    expect(() => readTwoCommands(markdown.replace("```\nline one\n  line two\n```\n", ""))).toThrow(
      /no sample output/,
    );
  });
});

describe('README.md, "## Two commands"', () => {
  const commands = readTwoCommands(README);
  // Nothing the reader has not set: no credentials, alert channels, S3 or REPORTS_DIR. Only where
  // Postgres and Redis are, a database and queue prefix of this test's own (the README's output
  // names neither), and the PATH that finds pnpm.
  const databaseName = uniquePrefix("readme");
  const queuePrefix = uniquePrefix("readme");
  const reportsFolder = join(ROOT, "reports", "sandbox");
  const reportsExisted = existsSync(reportsFolder);

  afterAll(async () => {
    await dropDatabase(withDatabase(await testPostgresServerUrl(), databaseName));
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    try {
      await deleteKeysUnder(redis, queuePrefix);
    } finally {
      redis.disconnect();
    }
    // The README's command writes its reports into the checkout (reports/ is gitignored); leave a
    // reader's own sandbox reports alone, remove only what this test made.
    if (!reportsExisted) await rm(reportsFolder, { recursive: true, force: true });
  });

  it("installs the pnpm version the repository declares", () => {
    expect(commands.firstCommandSteps[0]).toBe(
      `npm install --global pnpm@${rootPackage.packageManager.split("@")[1]}`,
    );
  });

  it("names a test command that exists", () => {
    expect(commands.secondCommand).toBe("pnpm test");
    expect(rootPackage.scripts.test).toBeDefined();
  });

  it("runs on the built-in sandbox, so it needs no credentials", () => {
    expect(commands.runCommand.split(/\s+/)).toContain("--sandbox");
  });

  it("prints exactly the sample output shown", async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: withDatabase(await testPostgresServerUrl(), databaseName),
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: queuePrefix,
    };
    const result = await sh(commands.runCommand, env);
    expect(result.code, `${commands.runCommand} failed:\n${result.stderr}`).toBe(0);
    expect(
      result.stdout,
      `README.md's sample output under "## Two commands" must be what \`${commands.runCommand}\` prints: update the README (or the output)`,
    ).toBe(commands.sampleOutput);
  });
});
