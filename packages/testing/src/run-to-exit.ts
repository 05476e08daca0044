import { execFile } from "node:child_process";

export interface ExitResult {
  /** Exit code; null when a signal (or the timeout) ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit, measured. */
  ms: number;
}

/** Runs a TypeScript entry file (through tsx) to its end with exactly `env`; never throws on a non-zero exit. */
export function runToExit(entry: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<ExitResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", entry, ...args],
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number | string }) | null;
        resolve({ code: failed ? (typeof failed.code === "number" ? failed.code : null) : 0, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

