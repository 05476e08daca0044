// Test-only: everything a fleet left behind, as text to search (see secret-search.ts): every row
// of every table, every Redis key and value, every file under a directory.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Redis } from "ioredis";
import pg from "pg";
import type { Place } from "./secret-search";

/** Every row of every table of the database (schemas other than Postgres's own), one place per table. */
export async function databaseRows(url: string): Promise<Place[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    const places: Place[] = [];
    for (const { schema, name } of tables) {
      const quoted = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
      const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${quoted} t`);
      places.push({ place: `table ${schema}.${name} (${rows.length} rows)`, text: rows.map((r) => r.row).join("\n") });
    }
    return places;
  } finally {
    await client.end();
  }
}

/** Every key of the Redis server matching `pattern`, with its value read by type; one place per key. */
export async function redisEntries(redis: Redis, pattern = "*"): Promise<Place[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: pattern, count: 1_000 })) keys.push(...(batch as string[]));
  const places: Place[] = [];
  for (const key of keys.sort()) {
    const type = await redis.type(key);
    let value: unknown;
    if (type === "string") value = await redis.get(key);
    else if (type === "hash") value = await redis.hgetall(key);
    else if (type === "list") value = await redis.lrange(key, 0, -1);
    else if (type === "set") value = await redis.smembers(key);
    else if (type === "zset") value = await redis.zrange(key, 0, -1, "WITHSCORES");
    else if (type === "stream") value = await redis.xrange(key, "-", "+");
    else if (type === "none") continue; // expired meanwhile
    else throw new Error(`redis key ${key} has a type this search cannot read: ${type}`);
    places.push({ place: `redis ${type} ${key}`, text: `${key}\n${JSON.stringify(value)}` });
  }
  return places;
}

/** Every file under `dir` (recursively), one place per file. */
export async function filesUnder(dir: string): Promise<Place[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const places: Place[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    places.push({ place: `file ${path}`, text: await readFile(path, "utf8") });
  }
  return places;
}
