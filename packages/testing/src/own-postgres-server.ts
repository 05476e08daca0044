// Test-only: a private PostgreSQL cluster a test can stop and start again, to simulate an outage
// without touching the shared server other tests use. The server refuses to run as root, so
// every command runs as the `postgres` OS user (runuser); authentication is trust on loopback.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { postgresBinDirFromEnv } from "./env";
import { freeLoopbackPort } from "./loopback-port";

const run = promisify(execFile);

export interface OwnPostgresServer {
  /** URL of the cluster's `postgres` database, as superuser `root`. */
  url: string;
  port: number;
  /** Stops the server; "immediate" (default) is a crash: connections are cut, nothing is flushed. */
  stop(mode?: "immediate" | "fast"): Promise<void>;
  /** Starts it again on the same port and returns once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

/** PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout). */
function binDir(): string {
  const fromEnv = postgresBinDirFromEnv();
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error("no PostgreSQL binaries: set PG_BIN to the directory of initdb and pg_ctl");
  return join(root, versions[0]!, "bin");
}

async function asPostgres(command: string, args: string[]): Promise<void> {
  await run("runuser", ["-u", "postgres", "--", command, ...args], { timeout: 120_000 });
}

/** initdb into a temporary directory and start the cluster on a free loopback port. */
export async function startOwnPostgresServer(): Promise<OwnPostgresServer> {
  const bin = binDir();
  const home = await mkdtemp(join(tmpdir(), "recon-pg-"));
  await run("chown", ["postgres:postgres", home]);
  const data = join(home, "data");
  const port = await freeLoopbackPort();
  await asPostgres(join(bin, "initdb"), ["-D", data, "-U", "root", "-A", "trust", "--no-sync", "--no-instructions"]);
  const options = [`-p ${port}`, "-k /tmp", "-c listen_addresses=127.0.0.1", "-c max_connections=400", // fsync off: a stopped server is a crashed process, not a lost machine, so the OS keeps every write.
    "-c fsync=off"].join(" ");
  const pgCtl = join(bin, "pg_ctl");
  let running = false;
  const start = async () => {
    await asPostgres(pgCtl, ["-D", data, "-l", join(home, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
    running = true;
  };
  const stop = async (mode: "immediate" | "fast" = "immediate") => {
    if (!running) return;
    await asPostgres(pgCtl, ["-D", data, "-m", mode, "-w", "stop"]);
    running = false;
  };
  await start();
  return {
    url: `postgresql://root@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop("immediate").catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}
