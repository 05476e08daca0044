import type { Redis } from "ioredis";

/** REDIS_DURABILITY: warn (laptops, CI) or refuse to start (deployments) when Redis may lose jobs. */
export type RedisDurabilityMode = "warn" | "require";

/**
 * Reads the settings that decide whether Redis keeps BullMQ's jobs: `appendonly` (without it a
 * restart loses every queued and delayed job, so runs and alerts vanish) and `maxmemory-policy`
 * (anything but noeviction lets Redis delete job keys when full). Returns the warnings to log; in
 * `require` mode throws on the first problem instead. A Redis that refuses CONFIG (managed
 * services often do) cannot be checked: that is a warning, never a refusal.
 */
export async function checkRedisDurability(connection: Pick<Redis, "config">, mode: RedisDurabilityMode): Promise<string[]> {
  let appendonly: string | undefined;
  let policy: string | undefined;
  try {
    appendonly = await readSetting(connection, "appendonly");
    policy = await readSetting(connection, "maxmemory-policy");
  } catch (error) {
    return [
      `cannot read Redis settings (${(error as Error).message}): make sure it runs with appendonly yes and maxmemory-policy noeviction`,
    ];
  }
  const problems: string[] = [];
  if (appendonly !== "yes") {
    problems.push(
      `Redis persistence is off (appendonly ${appendonly ?? "unknown"}): a Redis restart loses queued jobs, runs and alerts; set appendonly yes, appendfsync everysec`,
    );
  }
  if (policy !== "noeviction") {
    problems.push(`Redis maxmemory-policy is ${policy ?? "unknown"}: when full it evicts job keys; set maxmemory-policy noeviction`);
  }
  if (mode === "require" && problems.length > 0) throw new Error(`REDIS_DURABILITY=require: ${problems.join("; ")}`);
  return problems;
}

async function readSetting(connection: Pick<Redis, "config">, name: string): Promise<string | undefined> {
  const answer: unknown = await connection.config("GET", name);
  // CONFIG GET answers [name, value]; a setting this Redis does not know comes back empty.
  return Array.isArray(answer) && typeof answer[1] === "string" ? answer[1] : undefined;
}
