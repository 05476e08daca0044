// Runs the real `recon` CLI (apps/cli) as a child process, as operators do.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/** apps/cli/src/main.ts in the monorepo (a path to run, never an import: packages do not import apps). */
const CLI_MAIN = join(import.meta.dirname, "../../../../apps/cli/src/main.ts");
export const KILL_AFTER_OUTBOX_COMMIT = join(import.meta.dirname, "kill-after-outbox-commit.ts");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `recon <args>` to its end with exactly `env`; `preload` adds `--import <file>` (test hooks). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, preload?: string): Promise<CliResult> {
  const nodeArgs = ["--import", "tsx", ...(preload ? ["--import", preload] : []), CLI_MAIN, ...args];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      nodeArgs,
      { env, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
        resolve({
          code: failed ? (typeof failed.code === "number" ? failed.code : null) : 0,
          signal: failed?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Starts `recon workers ...` in the background with exactly `env`; stop it with SIGTERM. */
export function startCliWorkers(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", CLI_MAIN, "workers", ...args], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/** Sends SIGTERM and waits for the exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
