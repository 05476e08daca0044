// The only place the test fixtures read the environment (the house lint rule allows env.ts).

/** DATABASE_URL when set: tests create their databases on that server. */
export function databaseUrlFromEnv(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/** REDIS_URL when set. */
export function redisUrlFromEnv(): string | undefined {
  return process.env.REDIS_URL || undefined;
}

/** DOCKER_HOST when set (testcontainers honours it too). */
export function dockerHostFromEnv(): string | undefined {
  return process.env.DOCKER_HOST || undefined;
}

/** PG_BIN when set: the directory of initdb, pg_ctl and postgres for a private server. */
export function postgresBinDirFromEnv(): string | undefined {
  return process.env.PG_BIN || undefined;
}
