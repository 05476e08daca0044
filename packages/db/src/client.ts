import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export interface CreateDbOptions {
  /** Most connections the shared pool opens. Default: 10 (pg's default). */
  max?: number;
  /** Name shown in pg_stat_activity, to tell workers apart. Default: "recon". */
  applicationName?: string;
  /**
   * Postgres temp_buffers of every connection, MB (DATABASE_TEMP_BUFFERS_MB). Default 256.
   * See DEFAULT_TEMP_BUFFERS_MB.
   */
  tempBuffersMb?: number;
  /** Told about every lost connection (e.g. to log it); the process survives either way. Default: ignore. */
  onConnectionError?: (error: Error) => void;
  /** Extra pg pool settings; they win over the options above (`options` is added to, not replaced). */
  pool?: pg.PoolConfig;
}

/**
 * Session-local buffers for temporary tables. Our bulk writes stage rows in a temp table and the
 * reconcile plan builds its clean pairs and residue in temp tables; with Postgres's default (8 MB)
 * every temp table past 8 MB is written out to disk and read back, which made the 1M plan ~40%
 * slower on a box with slow writes. Postgres allocates them only as a session's temp tables grow,
 * so sessions that never stage much pay nothing. It can only be set before a session first
 * touches a temp table, hence at connection start rather than per transaction.
 */
export const DEFAULT_TEMP_BUFFERS_MB = 256;

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

/** The database settings of the parsed environment (databaseEnv in @recon/runtime). */
export interface DatabaseConfig {
  DATABASE_URL: string;
  /** The process runs as a sandbox: its database holds generated data (claimDatabaseMode). */
  RECON_SANDBOX?: boolean | undefined;
  DATABASE_TEMP_BUFFERS_MB?: number | undefined;
}

/** createDb from the parsed environment, so every process applies the same database settings. */
export function createDbFromConfig(config: DatabaseConfig, opts: Omit<CreateDbOptions, "tempBuffersMb"> = {}): Db {
  return createDb(config.DATABASE_URL, { ...opts, tempBuffersMb: config.DATABASE_TEMP_BUFFERS_MB });
}

export function createDb(databaseUrl: string, opts: CreateDbOptions = {}): Db {
  const tempBuffersMb = opts.tempBuffersMb ?? DEFAULT_TEMP_BUFFERS_MB;
  if (!Number.isInteger(tempBuffersMb) || tempBuffersMb < 1) throw new Error(`tempBuffersMb must be a positive integer, got ${tempBuffersMb}`);
  const { connectionString, options: urlOptions } = splitOptions(databaseUrl);
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? "recon",
    ...opts.pool,
    // Ours first, so settings given in the URL's `options` or in opts.pool win where they overlap.
    options: [`-c temp_buffers=${tempBuffersMb}MB`, urlOptions, opts.pool?.options].filter(Boolean).join(" "),
  });
  // A client losing its connection (Postgres restarted, a backend terminated) emits "error": an
  // idle client through the pool's "error", a checked-out one only on itself, where pg-pool listens
  // no more. Without a listener on every client the process would crash; the query in flight fails
  // on its own, and the pool drops the broken client and connects afresh for the next one.
  const onError = opts.onConnectionError ?? (() => undefined);
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
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

/**
 * Takes the `options` parameter out of a postgresql:// URL: pg lets a connection string's
 * parameters replace the pool's, so left in, it would drop ours instead of joining them.
 */
function splitOptions(databaseUrl: string): { connectionString: string; options: string | undefined } {
  if (!URL.canParse(databaseUrl)) return { connectionString: databaseUrl, options: undefined };
  const url = new URL(databaseUrl);
  const options = url.searchParams.get("options") ?? undefined;
  url.searchParams.delete("options");
  return { connectionString: options === undefined ? databaseUrl : url.toString(), options };
}
