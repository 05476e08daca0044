import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "@recon/db";
import { createTestDatabase, eventually, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ENTRY, runRecon } from "../testing/cli-process";

const migrationCount = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;

describe("recon migrate --check", () => {
  let database: TestDatabase;
  const env = () => ({ PATH: process.env.PATH, DATABASE_URL: database.url });

  beforeAll(async () => {
    database = await createTestDatabase({ name: "migrate_check", migrate: false });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("refuses an unmigrated database naming how many migrations are pending, and --wait without --check", async () => {
    const result = await runRecon(["migrate", "--check"], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${migrationCount} migration(s) pending`);
    expect(result.stderr).toContain("run recon migrate with MIGRATION_DATABASE_URL");

    const misuse = await runRecon(["migrate", "--wait", "5"], env());
    expect(misuse.code).toBe(1);
    expect(misuse.stderr).toContain("--wait goes with --check");
  });

  it("with --wait, keeps checking until the migrations are applied, then exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI_ENTRY, "migrate", "--check", "--wait", "120"], { env: env() });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    // Only once it has seen the pending migrations do we apply them (as the migration job would).
    await eventually("the check to report pending migrations", () => Promise.resolve(stderr.includes("waiting:") ? true : undefined), { timeoutMs: 60_000 });
    expect(child.exitCode).toBeNull();
    await migrate(database.url);

    expect(await exited).toBe(0);
    expect(stdout).toContain("database schema is current");
  });

  it("then recon migrate says the database is up to date once, on stdout", async () => {
    const result = await runRecon(["migrate"], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("database is up to date\n");
    expect(result.stderr).toBe("");
  });
});
