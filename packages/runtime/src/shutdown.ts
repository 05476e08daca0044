import type { Logger } from "pino";

/**
 * Order in which resources close on shutdown: workers first (stop taking jobs, finish or hand
 * back the active ones), then queues and producers, then database and Redis connections.
 */
export type ShutdownPhase = "servers" | "workers" | "queues" | "connections";
const PHASES: readonly ShutdownPhase[] = ["servers", "workers", "queues", "connections"];

interface Closer {
  name: string;
  phase: ShutdownPhase;
  close: () => Promise<unknown>;
}

export interface ShutdownManagerOptions {
  logger: Logger;
  /** Time allowed for the whole shutdown before the process exits anyway. */
  timeoutMs: number;
  /** Called once everything closed (or the timeout hit); exits the process by default. */
  exit?: (code: number) => void;
}

/** Closes registered resources in phase order on SIGTERM/SIGINT, within a timeout. */
export class ShutdownManager {
  private readonly closers: Closer[] = [];
  private shuttingDown: Promise<number> | undefined;

  constructor(private readonly options: ShutdownManagerOptions) {}

  register(name: string, phase: ShutdownPhase, close: () => Promise<unknown>): void {
    this.closers.push({ name, phase, close });
  }

  /** Installs the signal handlers. A second signal forces an immediate exit. */
  listen(signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): void {
    for (const signal of signals) {
      process.on(signal, () => {
        if (this.shuttingDown) {
          this.options.logger.warn({ signal }, "second signal: exiting now");
          (this.options.exit ?? process.exit)(1);
          return;
        }
        this.options.logger.info({ signal }, "shutting down");
        void this.shutdown().then((code) => (this.options.exit ?? process.exit)(code));
      });
    }
  }

  /** Runs every closer, phase by phase. Resolves to the exit code: 0 clean, 1 on error or timeout. */
  async shutdown(): Promise<number> {
    // A second call (e.g. a signal during a programmatic shutdown) awaits the same run and code.
    this.shuttingDown ??= (async () => {
      let code = 0;
      for (const phase of PHASES) {
        const inPhase = this.closers.filter((closer) => closer.phase === phase);
        // async: a closer that throws synchronously counts as a rejection, not a crash of shutdown.
        const results = await Promise.allSettled(inPhase.map(async (closer) => closer.close()));
        results.forEach((result, index) => {
          if (result.status === "rejected") {
            code = 1;
            this.options.logger.error({ err: result.reason, resource: inPhase[index]?.name }, "close failed");
          }
        });
      }
      return code;
    })();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.options.timeoutMs);
      timer.unref();
    });
    const outcome = await Promise.race([this.shuttingDown, timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.options.logger.error({ timeoutMs: this.options.timeoutMs }, "shutdown timed out");
      return 1;
    }
    return outcome;
  }
}
