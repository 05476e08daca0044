import pino, { type DestinationStream, type Logger } from "pino";
import { maskUrlCredentials } from "./url-credentials";

export type { Logger } from "pino";

/** Field names whose values never reach a log line (sources add their own: LoggerOptions.secretKeys). */
const SECRET_KEYS = [
  "apiKey",
  "token",
  "password",
  "secret",
  "authorization",
  "Authorization",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "DASHBOARD_PASSWORD",
  "DASHBOARD_SESSION_SECRET",
  "OIDC_CLIENT_SECRET",
  "DATABASE_URL",
  "REDIS_URL",
  "SMTP_URL",
];

/**
 * Paths pino blanks out, so secrets never reach a log line. A pino wildcard matches exactly one
 * level, so each key is listed at the top level (`log.info({ token })`, `log.info(config)`) and
 * one and two levels down (`{ config: { apiKey } }`, `{ req: { headers: { authorization } } }`).
 */
export const REDACTED_PATHS = redactedPaths(SECRET_KEYS);

function redactedPaths(keys: readonly string[]): string[] {
  return keys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
}

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Where lines go; stdout by default. The CLI logs to stderr so stdout stays machine-readable. */
  fd?: 1 | 2;
  /** Pretty lines for humans; defaults to "is the destination a terminal". */
  pretty?: boolean;
  /** A custom destination (tests capture lines this way). */
  destination?: DestinationStream;
  /** Setting names redacted beside the built-in ones: the sources' credentials (SOURCE_SECRET_SETTINGS). */
  secretKeys?: readonly string[];
}

/**
 * A pino logger: JSON lines for machines, pretty lines on a terminal, secrets redacted: by field
 * name (REDACTED_PATHS), and on every line written, the password of any URL in it (error messages
 * quoting a connection string are free text no path can name).
 */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.fd ?? 1;
  const base = {
    name: options.name,
    level: options.level ?? "info",
    redact: { paths: [...REDACTED_PATHS, ...redactedPaths(options.secretKeys ?? [])], censor: "[redacted]" },
    hooks: { streamWrite: maskUrlCredentials },
  };
  if (options.destination) return pino(base, options.destination);
  const isTty = fd === 1 ? process.stdout.isTTY : process.stderr.isTTY;
  if (options.pretty ?? isTty) {
    return pino({
      ...base,
      transport: { target: "pino-pretty", options: { destination: fd, colorize: true, translateTime: "SYS:HH:MM:ss" } },
    });
  }
  return pino(base, pino.destination({ fd, sync: false }));
}
