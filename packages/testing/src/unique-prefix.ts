import { randomBytes } from "node:crypto";

/**
 * A name no other test (or parallel test process) uses: `<name>_<pid>_<time>_<random>`,
 * lowercase letters, digits and underscores only, so it is valid as a database name, a queue
 * prefix and a Redis key part. Short enough for Postgres' 63-byte identifiers.
 */
export function uniquePrefix(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30) || "t";
  return `${clean}_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}
