// `recon sandbox serve` prints variables that point a fleet at the emulators; following them must
// not put generated data into the real database or queues (nor the sandbox's, which would refuse
// a process with credentials).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { eventually } from "@recon/testing";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "main.ts");

describe("recon sandbox serve", () => {
  it("prints the emulators' variables with a database and queue prefix of their own, on the configured server", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "sandbox", "serve", "--date", "2025-10-09"], {
      env: { PATH: process.env.PATH, DATABASE_URL: "postgresql://ops:hunter2@db.internal:5433/recon?sslmode=require" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await eventually("the variables", () => Promise.resolve(stdout.includes("Ctrl-C stops them.") ? true : undefined), { timeoutMs: 60_000 });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    const variables = Object.fromEntries(
      stdout
        .split(/\s+/)
        .filter((word) => /^[A-Z_]+=/.test(word))
        .map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]),
    );
    expect(variables.STRIPE_API_BASE).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(variables.INTERNAL_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    // Same server as DATABASE_URL, another database; the password is never printed.
    expect(variables.DATABASE_URL).toBe("postgresql://ops:***@db.internal:5433/recon_emulators?sslmode=require");
    expect(variables.QUEUE_PREFIX).toBe("recon-emulators");
    expect(stdout).not.toContain("hunter2");
  });
});
