// Test-only: a private redis-server a test can stop and start again, to simulate an outage
// without touching the shared Redis other tests use.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort, loopbackPortAnswers } from "./loopback-port";
import { eventually } from "./eventually";

/**
 * "none": nothing survives a restart (as a Redis without persistence). "aof": the append-only
 * file (fsync every second) is replayed on start, as BullMQ deployments should run it.
 */
export type RedisPersistence = "none" | "aof";

export interface OwnRedisServer {
  url: string;
  port: number;
  /** SIGKILLs the server (a crash: nothing is flushed beyond what the AOF already holds). */
  stop(): Promise<void>;
  /** Starts it again on the same port; `persistence` changes the mode (default: as created). */
  start(persistence?: RedisPersistence): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

export interface OwnRedisServerOptions {
  /** Default "none". */
  persistence?: RedisPersistence;
  /** More redis-server flags (e.g. `--maxmemory-policy allkeys-lru`); later flags win. */
  extraArgs?: readonly string[];
}

/** Starts `redis-server` on a free loopback port, with its own data directory. */
export async function startOwnRedisServer(options: OwnRedisServerOptions = {}): Promise<OwnRedisServer> {
  const port = await freeLoopbackPort();
  const dir = await mkdtemp(join(tmpdir(), "recon-redis-"));
  let mode = options.persistence ?? "none";
  let child: ChildProcess | undefined;
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGKILL");
    });
  };
  const start = async (persistence: RedisPersistence = mode) => {
    await stop();
    mode = persistence;
    // A server without persistence starts empty even if an earlier AOF-mode run left files here.
    if (mode === "none") await rm(join(dir, "appendonlydir"), { recursive: true, force: true });
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
    args.push(...(mode === "aof" ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"]), ...(options.extraArgs ?? []));
    child = spawn("redis-server", args, { stdio: "ignore" });
    await eventually(`redis-server on port ${port}`, async () => ((await loopbackPortAnswers(port)) ? true : undefined), { timeoutMs: 10_000 });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
