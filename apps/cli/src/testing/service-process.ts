// Test-only: a long-running app of the fleet (workers, dashboard, Slack bot) in its own process,
// everything it prints kept, stopped the way Kubernetes stops it (SIGTERM).
import { spawn } from "node:child_process";
import { eventually } from "@recon/testing";

export interface ServiceProcess {
  name: string;
  /** Everything printed so far, stdout then stderr interleaved as it arrived. */
  output(): string;
  /** Waits until the process has printed `text` (rejects if it exits first). */
  printed(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM (or `signal`: SIGINT is Ctrl-C), then waits for the exit; resolves to the exit code (null: killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a TypeScript entry file through tsx with exactly `env`. */
export function startService(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    output: () => output,
    async printed(text, timeoutMs = 60_000) {
      await eventually(
        `${name} to print "${text}"`,
        () => {
          if (output.includes(text)) return true;
          if (!running()) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing "${text}":\n${output}`);
          return false;
        },
        { timeoutMs },
      ).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}; it printed:\n${output}`);
      });
    },
    async stop(signal = "SIGTERM") {
      if (running()) child.kill(signal);
      return exited;
    },
  };
}
