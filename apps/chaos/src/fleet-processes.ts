// The fleet as separate OS processes (each app's real main.ts), which the suite SIGKILLs and
// restarts. A process that exits without being killed is a crash: it is counted and restarted
// with a growing delay, as a supervisor (Kubernetes' CrashLoopBackOff) would.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";

export const WORKER_KINDS = ["fetch", "reconcile", "report", "notify"] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];
type ProcessKind = WorkerKind | "scheduler";

const APPS = join(import.meta.dirname, "..", "..");
const MAIN: Record<ProcessKind, string> = {
  fetch: join(APPS, "fetch-worker/src/main.ts"),
  reconcile: join(APPS, "reconcile-worker/src/main.ts"),
  report: join(APPS, "report-worker/src/main.ts"),
  notify: join(APPS, "notify-worker/src/main.ts"),
  scheduler: join(APPS, "scheduler/src/main.ts"),
};

/** Test-only preload that SIGKILLs its process right after a commit that wrote an outbox event. */
export const KILL_AFTER_OUTBOX_COMMIT = join(APPS, "../packages/alerting/src/testing/kill-after-outbox-commit.ts");

export interface FleetCounters {
  /** SIGKILLs sent by the suite (or by the kill-after-commit hook it loaded). */
  kills: number;
  /** Processes started again after a kill or a crash. */
  restarts: number;
  /** Exits nobody asked for, e.g. a worker dying of a database disconnect. */
  crashes: number;
  crashLog: string[];
}

interface Slot {
  kind: ProcessKind;
  replica: number;
  child: ChildProcess | undefined;
  /** Set while the suite kills or stops it on purpose, so the exit is not a crash. */
  expectedExit: boolean;
  crashStreak: number;
}

export interface FleetProcesses {
  counters: FleetCounters;
  replicas: number;
  /** SIGKILLs one replica of a kind (default: a random one) and starts it again at once. */
  killAndRestart(kind: WorkerKind, replica?: number): Promise<void>;
  /** Restarts a kind's replica 0 with a preload (e.g. KILL_AFTER_OUTBOX_COMMIT); resolves with its process. */
  restartWithPreload(kind: WorkerKind, preload: string): Promise<ChildProcess>;
  /** Waits for that process to exit by itself (its hook fired) and starts a plain one; false on timeout. */
  awaitHookKill(child: ChildProcess, timeoutMs: number): Promise<boolean>;
  /** SIGTERM to every process; SIGKILL for any still alive after 30 s. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export interface StartFleetOptions {
  env: NodeJS.ProcessEnv;
  replicas: number;
  /** Where each process's stdout and stderr go (one file per process kind and replica). */
  logDir: string;
  /** Also run the scheduler (its sweeps, if any, belong to the fleet). */
  scheduler: boolean;
}

export function startFleetProcesses(options: StartFleetOptions): FleetProcesses {
  const counters: FleetCounters = { kills: 0, restarts: 0, crashes: 0, crashLog: [] };
  let stopping = false;
  const slots: Slot[] = [];

  const spawnInto = (slot: Slot, preload?: string): ChildProcess => {
    const log = openSync(join(options.logDir, `${slot.kind}-${slot.replica}.log`), "a");
    const args = ["--import", "tsx", ...(preload ? ["--import", preload] : []), MAIN[slot.kind]];
    const child = spawn(process.execPath, args, { env: options.env, stdio: ["ignore", log, log] });
    closeSync(log);
    slot.child = child;
    slot.expectedExit = false;
    child.once("exit", (code, signal) => {
      if (slot.child !== child || slot.expectedExit || stopping) return;
      counters.crashes += 1;
      counters.crashLog.push(`${new Date().toISOString()} ${slot.kind}-${slot.replica} exited (${signal ?? `code ${code}`})`);
      slot.crashStreak += 1;
      const delay = Math.min(1_000 * 2 ** (slot.crashStreak - 1), 30_000);
      setTimeout(() => {
        if (stopping || slot.child !== child) return;
        counters.restarts += 1;
        spawnInto(slot);
      }, delay);
    });
    return child;
  };

  const kinds: ProcessKind[] = [...WORKER_KINDS, ...(options.scheduler ? (["scheduler"] as const) : [])];
  for (const kind of kinds) {
    const replicas = kind === "scheduler" ? 1 : options.replicas;
    for (let replica = 0; replica < replicas; replica += 1) {
      const slot: Slot = { kind, replica, child: undefined, expectedExit: false, crashStreak: 0 };
      slots.push(slot);
      spawnInto(slot);
    }
  }
  const slotOf = (kind: WorkerKind, replica: number): Slot => slots.find((s) => s.kind === kind && s.replica === replica)!;

  const killSlot = async (slot: Slot): Promise<void> => {
    const child = slot.child;
    if (!child) return;
    slot.expectedExit = true;
    child.kill("SIGKILL");
    await exited(child);
  };

  return {
    counters,
    replicas: options.replicas,
    async killAndRestart(kind, replica = Math.floor(Math.random() * options.replicas)) {
      const slot = slotOf(kind, replica);
      await killSlot(slot);
      counters.kills += 1;
      slot.crashStreak = 0;
      spawnInto(slot);
      counters.restarts += 1;
    },
    async restartWithPreload(kind, preload) {
      const slot = slotOf(kind, 0);
      // A plain stop of the old process: not one of the suite's kills.
      slot.expectedExit = true;
      slot.child?.kill("SIGTERM");
      if (slot.child) await exited(slot.child);
      return spawnInto(slot, preload);
    },
    async awaitHookKill(child, timeoutMs) {
      const slot = slots.find((s) => s.child === child)!;
      slot.expectedExit = true;
      let timer: NodeJS.Timeout | undefined;
      const fired = await Promise.race([
        exited(child).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (fired) counters.kills += 1;
      else {
        child.kill("SIGTERM");
        await exited(child);
      }
      spawnInto(slot);
      counters.restarts += 1;
      return fired;
    },
    async stop() {
      stopping = true;
      await Promise.all(
        slots.map(async (slot) => {
          const child = slot.child;
          if (!child) return;
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
          await exited(child);
          clearTimeout(timer);
        }),
      );
    },
  };
}
