// Everything the fleet talks to, started by the suite itself on loopback: a private Postgres and
// Redis it can crash, S3, SMTP and Slack stand-ins that count what arrives, and the emulators.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabaseIfMissing, migrate, withDatabase } from "@recon/db";
import { startSlackRecorder, startSmtpSink, type SlackRecorder, type SmtpSink } from "@recon/notify/testing";
import { startS3TestServer, type S3TestServer } from "@recon/reports/testing";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { startOwnPostgresServer, startOwnRedisServer, type OwnPostgresServer, type OwnRedisServer } from "@recon/testing";
import { FAULTY_SANDBOX } from "./sandbox-faults";

export interface Infra {
  postgres: OwnPostgresServer;
  redis: OwnRedisServer;
  s3: S3TestServer;
  smtp: SmtpSink;
  slack: SlackRecorder;
  /** The emulators with transient faults on, shared by every process of the chaos phases. */
  sandbox: Sandbox;
  /** Scratch space: REPORTS_DIR and one log file per fleet process. */
  workDir: string;
  /** Creates and migrates a database on the private server; returns its URL. */
  database(name: string): Promise<string>;
  /** Stops everything; the work directory (process logs) is kept when `keepLogs`. */
  close(keepLogs: boolean): Promise<void>;
}

export async function startInfra(): Promise<Infra> {
  const [postgres, redis, s3, smtp, slack, sandbox] = await Promise.all([
    startOwnPostgresServer(),
    // BullMQ's state lives in Redis: the suite runs it as it should be run, with AOF.
    startOwnRedisServer({ persistence: "aof" }),
    startS3TestServer(),
    startSmtpSink(),
    startSlackRecorder(),
    startSandbox(FAULTY_SANDBOX),
  ]);
  const workDir = await mkdtemp(join(tmpdir(), "recon-chaos-"));
  return {
    postgres,
    redis,
    s3,
    smtp,
    slack,
    sandbox,
    workDir,
    async database(name) {
      const url = withDatabase(postgres.url, name);
      await createDatabaseIfMissing(url);
      await migrate(url);
      return url;
    },
    async close(keepLogs) {
      await Promise.allSettled([sandbox.close(), s3.close(), smtp.close(), slack.close()]);
      await Promise.allSettled([postgres.destroy(), redis.destroy()]);
      if (!keepLogs) await rm(workDir, { recursive: true, force: true });
    },
  };
}
