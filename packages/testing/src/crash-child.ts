import { spawn, type ChildProcess } from "node:child_process";

/** A worker fixture in its own process, for crash tests: wait for what it prints, then SIGKILL it. */
export interface CrashChild {
  process: ChildProcess;
  /** Resolves when the child has printed `word` on stdout (e.g. "ready", "hung"); rejects if it exits first. */
  printed(word: string, timeoutMs?: number): Promise<void>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

/** Starts a TypeScript fixture with tsx, stderr passed through. */
export function startCrashChild(script: string, env: Record<string, string | undefined>): CrashChild {
  const child = spawn(process.execPath, ["--import", "tsx", script], { env, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    process: child,
    printed(word, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = () => {
          if (output.includes(word)) return resolve();
          if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`the child exited before printing "${word}"`));
          if (Date.now() > deadline) return reject(new Error(`timed out waiting for the child to print "${word}"`));
          setTimeout(check, 25);
        };
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
