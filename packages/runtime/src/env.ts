import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * Configuration is parsed once, in each app's main.ts, from these composable zod fragments.
 * Nothing else reads process.env (an ESLint rule enforces it). Defaults point at a local
 * Postgres and Redis; the sources need credentials unless RECON_SANDBOX asks for the built-in
 * emulators (sandboxEnv).
 */

/** Empty strings in the environment mean "not set" (docker-compose and k8s often pass them). */
export const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());
export const optionalUrl = z.preprocess((value) => (value === "" ? undefined : value), z.url().optional());

const booleanFlag = z.preprocess(
  (value) => (typeof value === "string" ? ["1", "true", "yes", "on"].includes(value.trim().toLowerCase()) : value),
  z.boolean(),
);

/**
 * The sandbox, only on request: with RECON_SANDBOX=true every source runs on the built-in
 * emulators with generated data, kept in a database and queues of their own (SANDBOX_DEFAULTS).
 * Without it a process that fetches needs real credentials for its sources.
 */
export const sandboxEnv = z.object({
  RECON_SANDBOX: booleanFlag.default(false),
});

/** The database and queue prefix when unset: the local server's `recon`, queues under `recon`. */
export const DEFAULT_DATABASE_URL = "postgresql://root@127.0.0.1:5432/recon";
export const DEFAULT_QUEUE_PREFIX = "recon";

/**
 * Sandbox data lives apart: with RECON_SANDBOX, what is left unset defaults to the sandbox's own
 * database (same server) and queues, so a sandbox never writes into, or takes jobs from, a real
 * fleet's. Applied by parseEnv, the one place defaults are decided; a database and a queue
 * prefix also record which mode claimed them, for when both modes are pointed at one.
 */
export const SANDBOX_DEFAULTS = {
  DATABASE_URL: "postgresql://root@127.0.0.1:5432/recon_sandbox",
  QUEUE_PREFIX: "recon-sandbox",
} as const;

/**
 * Postgres. DATABASE_URL unset means DEFAULT_DATABASE_URL, or SANDBOX_DEFAULTS.DATABASE_URL with
 * RECON_SANDBOX: the default depends on the flag, so the flag is part of this fragment.
 */
export const databaseEnv = z.object({
  DATABASE_URL: z.url().default(DEFAULT_DATABASE_URL),
  ...sandboxEnv.shape,
  /**
   * temp_buffers of every connection, MB: bulk writes and the reconcile plan stage rows in temp
   * tables, which spill to disk past it. Allocated only as a session's temp tables grow.
   * Default 256 (@recon/db's DEFAULT_TEMP_BUFFERS_MB).
   */
  DATABASE_TEMP_BUFFERS_MB: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).max(16_384).optional()),
});

/**
 * The schema owner's connection, for `recon migrate`: with it set, DATABASE_URL names the fleet's
 * role, which may not change the schema (docs/operations.md, "Audit trail and least privilege").
 * Unset: migrations connect with DATABASE_URL.
 */
export const migrationEnv = z.object({
  MIGRATION_DATABASE_URL: optionalUrl,
});

export const redisEnv = z.object({
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /**
   * Prefix of every BullMQ key; tests use a unique one, deployments may share a Redis. Default
   * `recon`, or `recon-sandbox` with RECON_SANDBOX (SANDBOX_DEFAULTS).
   */
  QUEUE_PREFIX: z.string().min(1).default(DEFAULT_QUEUE_PREFIX),
  ...sandboxEnv.shape,
  /**
   * What a process does at start when Redis may lose jobs (appendonly off, or a maxmemory-policy
   * other than noeviction): `warn` (default; laptops and CI run Redis without persistence) logs
   * it, `require` refuses to start. See docs/operations.md.
   */
  REDIS_DURABILITY: z.enum(["warn", "require"]).default("warn"),
});

export const logEnv = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/**
 * The window of the FETCH_RATE_<SOURCE> limits: requests to each source's API per window across
 * every fetch worker, retries included (a schedule in Redis per source, @recon/fleet's
 * request-rate-limit), and slice jobs started per window (@recon/ingest's processor-rate-limit).
 * The defaults are the processors' published limits (Stripe 25 req/s in test mode, 100 live;
 * PayPal and Square about 10 req/s per app).
 */
export const fetchRateEnv = z.object({
  FETCH_RATE_WINDOW_MS: z.coerce.number().int().min(1).default(1_000),
});


/** `reports` in the repository root, found from this file (packages/runtime/src), not from the working directory. */
export const DEFAULT_REPORTS_DIR = fileURLToPath(new URL("../../../reports", import.meta.url));

/**
 * REPORTS_DIR is absolute after parsing, so every process of the fleet writes, records and reads
 * the same folder whatever directory it was started from: unset means DEFAULT_REPORTS_DIR (one
 * folder per checkout); a relative value is resolved once, at start, against the process's
 * working directory, and the absolute path is what runs record.
 */
export const reportsEnv = z.object({
  REPORTS_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_REPORTS_DIR)
    .transform((dir) => resolve(dir)),
});

/**
 * Report storage in S3 (or any S3-compatible store). Without S3_BUCKET reports stay in
 * REPORTS_DIR. Credentials come from S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY when both are set,
 * else from the AWS SDK's default chain (env, profile, instance role).
 */
export const s3Env = z.object({
  S3_BUCKET: optionalString,
  /** For S3-compatible stores (MinIO, s3rver); path-style addressing is used when set. */
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
});

/** Alert channels: email when SMTP_URL and ALERT_EMAIL_TO are set, Slack when SLACK_BOT_TOKEN and SLACK_CHANNEL are. */
export const alertEnv = z.object({
  /** smtp://user:pass@host:587 or smtps://...; nodemailer's connection URL. */
  SMTP_URL: optionalUrl,
  ALERT_EMAIL_FROM: z.string().min(1).default("recon@localhost"),
  /** Comma-separated recipients. */
  ALERT_EMAIL_TO: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_CHANNEL: optionalString,
  /** Slack Web API base URL, with trailing slash; tests point it at a local recorder. */
  SLACK_API_URL: optionalUrl,
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

/** How a run reads and splits its day (the reconcile worker and every process that plans a run). */
export const reconcileEnv = z.object({
  /**
   * Minutes a run for day D also reads into D-1 and D+1, so a payment at 23:59 booked at 00:01
   * is `timing`, not missing. 0..720, default 60.
   */
  RECONCILE_GRACE_MINUTES: z.coerce.number().int().min(0).max(720).default(60),
  /**
   * Most residue records (both sides, after the clean pairs settled in Postgres) one partition
   * holds; a day with more is split into child jobs of this size. Sets the memory of a reconcile
   * process: roughly 1.5 KB per record. Default 100000.
   */
  RECONCILE_PARTITION_RECORDS: z.coerce.number().int().min(100).default(100_000),
  /**
   * Postgres work_mem of the planning transaction, MB: the clean-pair join and aggregates over a
   * whole day spill to disk in many batches at the server default (4 MB). Set per transaction,
   * not server-wide. Default 256.
   */
  RECONCILE_WORK_MEM_MB: z.coerce.number().int().min(4).max(8_192).default(256),
  /** Tolerance pass: largest amount difference, in basis points of the larger amount. Default 50 (0.5%). */
  RECONCILE_AMOUNT_TOLERANCE_BPS: z.coerce.number().int().min(0).max(10_000).default(50),
  /** Tolerance pass: largest time difference between the two sides, minutes. Default 120. */
  RECONCILE_TIME_TOLERANCE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(120),
});

/**
 * The run watchdog and the outbox re-publish, run by every reconcile worker (one sweep per
 * interval across the fleet): they end runs no job will end and re-deliver lost events.
 */
export const watchdogEnv = z.object({
  /** How often the watchdog sweeps, ms. Default 30000. */
  WATCHDOG_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** A run (or its flow) still running after this long is ended as stuck, ms. Default 21600000 (6 h). */
  RUN_STUCK_AFTER_MS: z.coerce.number().int().min(1_000).default(6 * 3_600_000),
  /**
   * A run row still `running` when its day has no live flow in Redis (Redis lost it: restarted
   * without persistence) is failed after this long, ms. Default 120000 (2 min).
   */
  RUN_ORPHANED_AFTER_MS: z.coerce.number().int().min(1_000).default(120_000),
  /**
   * A published outbox event a subscriber has not recorded after this long is published again,
   * ms. Default 600000 (10 min: longer than a notify job's retries waiting for its report).
   */
  OUTBOX_REPUBLISH_AFTER_MS: z.coerce.number().int().min(1_000).default(600_000),
});

export const scheduleEnv = z.object({
  /** Cron pattern of the daily run, in UTC. */
  SCHEDULE_CRON: z.string().min(1).default("0 4 * * *"),
  SCHEDULE_PROCESSORS: z.string().min(1).default("stripe"),
  /**
   * Several schedules, as JSON: `[{"id":"daily","cron":"0 4 * * *","processors":["stripe","paypal"]}]`.
   * When set it replaces SCHEDULE_CRON/SCHEDULE_PROCESSORS. Default unset.
   */
  SCHEDULES: optionalString,
});

/** The /healthz, /readyz and /metrics server of every long-running app. */
export const healthEnv = z.object({
  /** 0 picks a free port (tests); give each process on one host its own port. */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
});

/**
 * The dashboard: sign-in with OpenID Connect (OIDC_*), or, on a laptop sandbox only
 * (DASHBOARD_SANDBOX=true), Basic auth (DASHBOARD_USER/PASSWORD) or nothing. Which mode applies,
 * and what is missing, is decided by the dashboard (apps/dashboard/src/env.ts resolveDashboardAuth).
 */
export const dashboardEnv = z.object({
  /** Basic auth user, accepted only with DASHBOARD_SANDBOX=true. */
  DASHBOARD_USER: optionalString,
  /** Basic auth password, accepted only with DASHBOARD_SANDBOX=true. */
  DASHBOARD_PASSWORD: optionalString,
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Auditors' mode: everyone is at most a viewer; jobs can be inspected but not retried, promoted, cleaned or removed. */
  DASHBOARD_READ_ONLY: booleanFlag.default(false),
  /** Explicit opt-in to a laptop sandbox (Basic auth or none); never set it in a deployment. */
  DASHBOARD_SANDBOX: booleanFlag.default(false),
  /** The provider's issuer (discovery at <issuer>/.well-known/openid-configuration). */
  OIDC_ISSUER_URL: optionalUrl,
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** Where people reach the dashboard; the redirect URI is <it>/auth/callback, https makes the cookie Secure. */
  DASHBOARD_PUBLIC_URL: optionalUrl,
  OIDC_SCOPES: z.preprocess((value) => (value === "" ? undefined : value), z.string().default("openid email profile")),
  /** The ID token (or userinfo) claim listing the person's groups. */
  OIDC_GROUPS_CLAIM: z.preprocess((value) => (value === "" ? undefined : value), z.string().default("groups")),
  /** Comma-separated group names per role; the highest role whose groups the person is in wins. */
  OIDC_VIEWER_GROUPS: optionalString,
  OIDC_OPERATOR_GROUPS: optionalString,
  OIDC_ADMIN_GROUPS: optionalString,
  /** Signs the session cookie: at least 32 characters, required with OIDC. */
  DASHBOARD_SESSION_SECRET: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().min(32, "at least 32 characters").optional(),
  ),
  /** Absolute session lifetime: after it, sign in again, however active. Default 480 (8 hours). */
  DASHBOARD_SESSION_MINUTES: z.coerce.number().positive().default(480),
  /** A session unused this long ends. Default 30. */
  DASHBOARD_IDLE_MINUTES: z.coerce.number().positive().default(30),
});

/**
 * A person's name as recorded in the audit log: 1-64 characters, none of them a control, format
 * (zero-width, bidi) or unassigned character, and no space at either end, so what the log shows
 * is what was typed and a terminal printing it does nothing else.
 */
export const actorName = z
  .string()
  .max(64, "at most 64 characters")
  .regex(/^[^\p{C}\s](?:[^\p{C}]*[^\p{C}\s])?$/u, "1-64 printable characters, no control or invisible characters, no space at either end");

/** Who the operator is, for CLI actions that are audited (`recon breaks resolve`). Default: the OS user. */
export const actorEnv = z.object({
  RECON_ACTOR: z.preprocess((value) => (value === "" ? undefined : value), actorName.optional()),
});

/** The Slack bot (`/reconcile`). */
export const slackEnv = z.object({
  SLACK_SIGNING_SECRET: z.string().min(1),
  SLACK_BOT_TOKEN: z.string().min(1),
  /** Slack Web API base; tests point it at a local recorder. Default Slack's own. */
  SLACK_API_URL: z.url().default("https://slack.com/api/"),
  /** Channel ids (comma separated) where anyone may trigger runs. */
  SLACK_ALLOWED_CHANNELS: optionalString,
  /** User ids (comma separated) who may trigger runs from anywhere. */
  SLACK_ALLOWED_USERS: optionalString,
  /** User group ids (comma separated, S…) whose members may trigger runs from anywhere. */
  SLACK_ALLOWED_USERGROUPS: optionalString,
  SLACK_PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  /** Use Socket Mode (needs SLACK_APP_TOKEN) instead of HTTP. Default false. */
  SLACK_SOCKET_MODE: booleanFlag.default(false),
  SLACK_APP_TOKEN: optionalString,
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
  return withSandboxDefaults(result.data, set);
}

/** In a sandbox (RECON_SANDBOX), every SANDBOX_DEFAULTS variable the environment left unset takes its sandbox default. */
function withSandboxDefaults<T>(parsed: T, set: Record<string, unknown>): T {
  if (typeof parsed !== "object" || parsed === null || (parsed as { RECON_SANDBOX?: unknown }).RECON_SANDBOX !== true) return parsed;
  const defaults = Object.entries(SANDBOX_DEFAULTS).filter(([name]) => name in parsed && !(name in set));
  return defaults.length === 0 ? parsed : { ...parsed, ...Object.fromEntries(defaults) };
}

/** The process's environment with some variables set, e.g. a CLI flag that stands for one (`--sandbox`). */
export function environmentWith(overrides: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}
