import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export interface CreateDbOptions {
  /** Most connections the shared pool opens. Default: 10 (pg's default). */
  max?: number;
  /** Name shown in pg_stat_activity, to tell workers apart. Default: "recon". */
  applicationName?: string;
  /** Extra pg pool settings; they win over the options above. */
  pool?: pg.PoolConfig;
}

/**
 * The database handle: Prisma for small typed queries, and the same pg pool for set-based
 * bulk SQL and cursors, so a process never holds two sets of connections.
 */
export interface Db {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** Disconnects Prisma and ends the pool. */
  close(): Promise<void>;
}

export function createDb(databaseUrl: string, opts: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? "recon",
    ...opts.pool,
  });
  // An idle client losing its connection emits here; without a listener it would crash the process.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed: Promise<void> | undefined;
  return {
    prisma,
    pool,
    close() {
      closed ??= (async () => {
        await prisma.$disconnect();
        await pool.end();
      })();
      return closed;
    },
  };
}
