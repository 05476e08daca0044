import { blankSourceSettings } from "@recon/sources";
import type { Infra } from "./infra";

export interface FleetEnvOptions {
  base: NodeJS.ProcessEnv;
  databaseUrl: string;
  queuePrefix: string;
  /**
   * Point the processors and the ledger at the suite's faulty emulators (a real fleet, as far as
   * recon knows); else a sandbox fleet (RECON_SANDBOX): each fetching process starts its own clean emulators.
   */
  faultyEmulators: boolean;
}

/** The environment of every fleet process: private Postgres and Redis, S3, SMTP and Slack all configured. */
export function fleetEnvironment(infra: Infra, options: FleetEnvOptions): NodeJS.ProcessEnv {
  const sandbox = infra.sandbox;
  const sources = options.faultyEmulators
    ? {
        STRIPE_API_BASE: sandbox.stripe.baseUrl,
        STRIPE_API_KEY: sandbox.stripe.apiKey,
        PAYPAL_API_BASE: sandbox.paypal.baseUrl,
        PAYPAL_CLIENT_ID: sandbox.paypal.clientId,
        PAYPAL_CLIENT_SECRET: sandbox.paypal.clientSecret,
        SQUARE_API_BASE: sandbox.square.baseUrl,
        SQUARE_ACCESS_TOKEN: sandbox.square.accessToken,
        INTERNAL_API_URL: sandbox.ledger.baseUrl,
        INTERNAL_API_TOKEN: sandbox.ledger.token,
      }
    : { ...blankSourceSettings(), RECON_SANDBOX: "true" };
  return {
    ...options.base,
    ...sources,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: infra.redis.url,
    QUEUE_PREFIX: options.queuePrefix,
    REPORTS_DIR: infra.workDir,
    HEALTH_PORT: "0",
    LOG_LEVEL: "warn",
    S3_BUCKET: infra.s3.bucket,
    S3_ENDPOINT: infra.s3.endpoint,
    S3_ACCESS_KEY_ID: infra.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: infra.s3.secretAccessKey,
    SMTP_URL: infra.smtp.url,
    ALERT_EMAIL_FROM: "recon@example.com",
    ALERT_EMAIL_TO: "ops@example.com",
    SLACK_BOT_TOKEN: "xoxb-chaos",
    SLACK_CHANNEL: "#recon-alerts",
    SLACK_API_URL: infra.slack.apiUrl,
  };
}
