// Shared setup of this app's integration tests: a fresh database, a unique queue prefix and real
// loopback servers for S3, SMTP and the Slack Web API. Imported by *.int.test.ts files only.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isEventProcessed } from "@recon/db";
import { createFleetContext, fleetEnv, type FleetContext } from "@recon/fleet";
import { startSlackRecorder, startSmtpSink, type SlackRecorder, type SmtpSink } from "@recon/notify/testing";
import { startS3TestServer, type S3TestServer } from "@recon/reports/testing";
import { createLogger, parseEnv } from "@recon/runtime";
import { createTestDatabase, eventually, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";

export interface TestFleet {
  database: TestDatabase;
  s3: S3TestServer;
  smtp: SmtpSink;
  slack: SlackRecorder;
  reportsDir: string;
  /** The environment a fleet process of this test runs with (S3, SMTP and Slack all configured). */
  env: Record<string, string>;
  ctx: FleetContext;
  close(): Promise<void>;
}

export interface TestFleetOptions {
  /**
   * Run as a sandbox (RECON_SANDBOX): the CLI runs of the test fetch from the built-in emulators.
   * Default false: a real fleet; its database and queues then refuse sandbox processes.
   */
  sandbox?: boolean;
}

export async function startTestFleet(name: string, options: TestFleetOptions = {}): Promise<TestFleet> {
  const [database, s3, smtp, slack] = await Promise.all([
    createTestDatabase(),
    startS3TestServer(),
    startSmtpSink(),
    startSlackRecorder(),
  ]);
  const reportsDir = await mkdtemp(join(tmpdir(), "recon-alerts-reports-"));
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix(name),
    REPORTS_DIR: reportsDir,
    LOG_LEVEL: "warn",
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    SMTP_URL: smtp.url,
    ALERT_EMAIL_FROM: "recon@example.com",
    ALERT_EMAIL_TO: "ops@example.com",
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_CHANNEL: "#recon-alerts",
    SLACK_API_URL: slack.apiUrl,
    ...(options.sandbox ? { RECON_SANDBOX: "true" } : {}),
  };
  const config = parseEnv(fleetEnv, env);
  const ctx = await createFleetContext(config, createLogger({ name, level: "warn" }));
  return {
    database,
    s3,
    smtp,
    slack,
    reportsDir,
    env,
    ctx,
    async close() {
      // Leave nothing in the shared Redis: this test's queues (and any job a killed process held).
      for (const queue of Object.values(ctx.queues.queues)) await queue.obliterate({ force: true });
      await ctx.close();
      await Promise.all([s3.close(), smtp.close(), slack.close()]);
      await database.drop();
      await rm(reportsDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `consumer` has handled the event. */
export async function waitForProcessed(
  ctx: FleetContext,
  consumer: string,
  eventId: string,
  timeoutMs = 90_000,
): Promise<void> {
  await eventually(`${consumer} to handle event ${eventId}`, () => isEventProcessed(ctx.db, consumer, eventId), {
    timeoutMs,
  });
}

/** Lets any message still in flight arrive, so "exactly one" is not checked too early. */
export function settle(ms = 1_500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
