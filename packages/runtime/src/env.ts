import { z } from "zod";

/**
 * Configuration is parsed once, in each app's main.ts, from these composable zod fragments.
 * Nothing else reads process.env (an ESLint rule enforces it). Every variable is optional for
 * the sandbox demo: defaults point at a local Postgres and Redis.
 */

/** Empty strings in the environment mean "not set" (docker-compose and k8s often pass them). */
const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());
const optionalUrl = z.preprocess((value) => (value === "" ? undefined : value), z.url().optional());

export const databaseEnv = z.object({
  DATABASE_URL: z.url().default("postgresql://root@127.0.0.1:5432/recon"),
});

export const redisEnv = z.object({
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ key; tests use a unique one, deployments may share a Redis. */
  QUEUE_PREFIX: z.string().min(1).default("recon"),
});

export const logEnv = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export const stripeEnv = z.object({
  STRIPE_API_KEY: optionalString,
  STRIPE_API_BASE: optionalUrl,
});

export const ledgerEnv = z.object({
  INTERNAL_API_URL: optionalUrl,
  INTERNAL_API_TOKEN: optionalString,
});

export const reportsEnv = z.object({
  REPORTS_DIR: z.string().min(1).default("./reports"),
});

export const fetchEnv = z.object({
  /** How many slices a day is split into for parallel fetch jobs. */
  FETCH_SLICES: z.coerce.number().int().min(1).max(96).default(4),
});

export const workerEnv = z.object({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** How long SIGTERM waits for active jobs before closing connections anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(25_000),
});

export const scheduleEnv = z.object({
  /** Cron pattern of the daily run, in UTC. */
  SCHEDULE_CRON: z.string().min(1).default("0 4 * * *"),
  SCHEDULE_PROCESSORS: z.string().min(1).default("stripe"),
});

/**
 * Parses the environment against a schema, failing with every bad variable named. Empty values
 * count as unset everywhere, so `FETCH_SLICES=""` gets the default rather than coercing to 0.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(set);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}
