// Known secrets never leave the fleet. Every credential gets a distinctive value: the Postgres
// role's password, Redis's requirepass, the SMTP login, the Slack bot token and signing secret, the
// S3 secret key, the dashboard password, and the Stripe, PayPal, Square and ledger credentials,
// which loopback emulators demand (real mode: no sandbox). The fleet runs as it is deployed, in
// its own processes (`recon workers`, the dashboard, the Slack bot) at debug log level, and a
// whole three-processor run goes through it (`recon run --remote`), with errors on the way: the
// first SMTP login refused, a 500 from Stripe, Square and the ledger, a forged Slack request, a
// wrong dashboard password, `recon run` against an unreachable Postgres and Redis (the URLs carry
// the passwords), and a Redis outage seen through /readyz. Then every secret, as it is,
// URL-encoded and base64 at any alignment, is looked for in everything the fleet printed, stored
// or served: each process's stdout and stderr, every row of every table, every Redis key and
// value, the report files and S3 objects, the emails and Slack messages, /healthz, /readyz and
// /metrics, the dashboard's pages and Bull Board's API. A canary planted in each kind of place
// shows the search finds what is there.
import { createHmac, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSlackRecorder, startSmtpSink, type SlackRecorder, type SmtpSink } from "@recon/notify/testing";
import { QUEUE_NAMES } from "@recon/queue";
import { startS3TestServer, type S3TestServer } from "@recon/reports/testing";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import {
  createTestDatabase,
  freeLoopbackPort,
  startOwnRedisServer,
  uniquePrefix,
  eventually,
  type OwnRedisServer,
  type TestDatabase,
} from "@recon/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon, type CliResult } from "./testing/cli-process";
import { databaseRows, filesUnder, redisEntries } from "./testing/fleet-leftovers";
import { findSecrets, type Place } from "./testing/secret-search";
import { startService, type ServiceProcess } from "./testing/service-process";

const DATE = "2025-10-09";
const PROCESSORS = ["stripe", "paypal", "square"] as const;
const CLI = join(import.meta.dirname, "main.ts");
const DASHBOARD = join(import.meta.dirname, "..", "..", "dashboard", "src", "main.ts");
const SLACK_BOT = join(import.meta.dirname, "..", "..", "slack-bot", "src", "main.ts");

// Distinctive and fresh each run, so nothing left over from another run can match.
const tag = randomBytes(6).toString("hex");
const SECRETS = {
  DATABASE_PASSWORD: `pgPw-${tag}-Kq7`,
  REDIS_PASSWORD: `rdPw-${tag}-Vx2`,
  SMTP_PASSWORD: `smPw-${tag}-Lm4`,
  SLACK_BOT_TOKEN: `xoxb-${tag}-Tb9`,
  SLACK_SIGNING_SECRET: `slSg-${tag}-Wn3`,
  S3_SECRET_ACCESS_KEY: `s3Sk-${tag}-Hp8`,
  DASHBOARD_PASSWORD: `dbPw-${tag}-Rz5`,
  DASHBOARD_SESSION_SECRET: `dsSs-${tag}-Mq4-at-least-32-characters`,
  STRIPE_API_KEY: `sk_live_${tag}Qs6`,
  PAYPAL_CLIENT_SECRET: `ppSc-${tag}-Jd1`,
  SQUARE_ACCESS_TOKEN: `sqAt-${tag}-Fy0`,
  INTERNAL_API_TOKEN: `lgTk-${tag}-Cu2`,
};
// Identifiers, not secrets: an S3 access key id is part of every presigned link by design.
const S3_ACCESS_KEY_ID = `AKIA${tag.toUpperCase()}`;
const ROLE = `recon_secrets_${tag}`;
const CANARY = `canary/${tag}+planted=1?`;

let database: TestDatabase;
let databaseUrl: string;
let redisServer: OwnRedisServer;
let redisUrl: string;
let smtp: SmtpSink;
let slack: SlackRecorder;
let s3: S3TestServer;
let sandbox: Sandbox;
let reportsDir: string;
let prefix: string;
let env: NodeJS.ProcessEnv;
const ports = { workersHealth: 0, dashboard: 0, dashboardHealth: 0, slack: 0, slackHealth: 0 };
const services: ServiceProcess[] = [];
/** Everything gathered to search, filled by the first test. */
const places: Place[] = [];
const printed = (what: string, result: CliResult) => places.push({ place: `${what}: stdout`, text: result.stdout }, { place: `${what}: stderr`, text: result.stderr });

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.text() };
}

/** Fetches a page and keeps it as a place to search. */
async function served(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const answer = await get(url, headers);
  places.push({ place: `GET ${url} (${answer.status})`, text: answer.body });
  return answer;
}

async function ready(port: number, what: string): Promise<void> {
  await eventually(`${what} to be ready`, async () => ((await get(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined), { timeoutMs: 90_000 });
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

/** A slash command signed as Slack signs it (v0 HMAC-SHA256 of "v0:timestamp:body"). */
function slashCommand(text: string, secret: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    team_id: "T0TEAM",
    channel_id: "C0OPS",
    user_id: "U0ALICE",
    user_name: "alice",
    command: "/reconcile",
    text,
    response_url: new URL("/response/status", slack.apiUrl).toString(),
    trigger_id: "1.2.3",
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature },
  };
}

async function queuesIdle(redis: Redis): Promise<boolean> {
  for (const queue of Object.values(QUEUE_NAMES)) {
    for (const state of ["wait", "active", "delayed", "waiting-children", "prioritized"]) {
      const key = `${prefix}:${queue}:${state}`;
      const type = await redis.type(key);
      const size = type === "list" ? await redis.llen(key) : type === "zset" ? await redis.zcard(key) : 0;
      if (size > 0) return false;
    }
  }
  return true;
}

beforeAll(async () => {
  database = await createTestDatabase({ name: "secrets" });
  // A role with a password of its own (a superuser: the test only cares what the fleet does with it).
  await queryDatabase(database.url, `CREATE ROLE ${ROLE} LOGIN SUPERUSER PASSWORD '${SECRETS.DATABASE_PASSWORD}'`);
  const url = new URL(database.url);
  url.username = ROLE;
  url.password = SECRETS.DATABASE_PASSWORD;
  databaseUrl = url.toString();
  // AOF, so the outage at the end (stop, start) keeps the queues.
  redisServer = await startOwnRedisServer({ persistence: "aof", extraArgs: ["--requirepass", SECRETS.REDIS_PASSWORD] });
  redisUrl = `redis://:${SECRETS.REDIS_PASSWORD}@127.0.0.1:${redisServer.port}`;
  [smtp, slack, s3, sandbox] = await Promise.all([
    startSmtpSink({ credentials: { user: "recon-alerts", password: SECRETS.SMTP_PASSWORD } }),
    startSlackRecorder(),
    startS3TestServer({ credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: SECRETS.S3_SECRET_ACCESS_KEY } }),
    startSandbox({
      runDates: [DATE],
      // Each emulator demands its own credential; the first request to three of them fails (500).
      stripe: { apiKey: SECRETS.STRIPE_API_KEY, faults: [{ type: "server_error", requests: [1] }] },
      paypal: { clientId: `ppId-${tag}`, clientSecret: SECRETS.PAYPAL_CLIENT_SECRET },
      square: { accessToken: SECRETS.SQUARE_ACCESS_TOKEN, faults: [{ type: "server_error", requests: [1] }] },
      ledger: { token: SECRETS.INTERNAL_API_TOKEN, faults: [{ type: "server_error", requests: [1] }] },
    }),
  ]);
  reportsDir = await mkdtemp(join(tmpdir(), "recon-secrets-reports-"));
  for (const name of Object.keys(ports) as Array<keyof typeof ports>) ports[name] = await freeLoopbackPort();
  prefix = uniquePrefix("secrets");
  env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    // Everything a process would ever print.
    LOG_LEVEL: "debug",
    SHUTDOWN_TIMEOUT_MS: "10000",
    REPORTS_DIR: reportsDir,
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: SECRETS.S3_SECRET_ACCESS_KEY,
    SMTP_URL: smtp.url,
    ALERT_EMAIL_FROM: "recon@example.com",
    ALERT_EMAIL_TO: "ops@example.com",
    SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
    SLACK_CHANNEL: "#recon-alerts",
    SLACK_API_URL: slack.apiUrl,
    STRIPE_API_KEY: SECRETS.STRIPE_API_KEY,
    STRIPE_API_BASE: sandbox.stripe.baseUrl,
    PAYPAL_CLIENT_ID: sandbox.paypal.clientId,
    PAYPAL_CLIENT_SECRET: SECRETS.PAYPAL_CLIENT_SECRET,
    PAYPAL_API_BASE: sandbox.paypal.baseUrl,
    SQUARE_ACCESS_TOKEN: SECRETS.SQUARE_ACCESS_TOKEN,
    SQUARE_API_BASE: sandbox.square.baseUrl,
    INTERNAL_API_URL: sandbox.ledger.baseUrl,
    INTERNAL_API_TOKEN: SECRETS.INTERNAL_API_TOKEN,
    // Basic auth is the laptop sandbox's sign-in (production signs in with OIDC).
    DASHBOARD_SANDBOX: "true",
    DASHBOARD_USER: "ops",
    DASHBOARD_PASSWORD: SECRETS.DASHBOARD_PASSWORD,
    DASHBOARD_SESSION_SECRET: SECRETS.DASHBOARD_SESSION_SECRET,
    DASHBOARD_PORT: String(ports.dashboard),
    SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
    SLACK_PORT: String(ports.slack),
    SLACK_ALLOWED_CHANNELS: "C0OPS",
  };
  services.push(
    startService("recon workers", CLI, ["workers"], { ...env, HEALTH_PORT: String(ports.workersHealth) }),
    startService("dashboard", DASHBOARD, [], { ...env, HEALTH_PORT: String(ports.dashboardHealth) }),
    startService("slack-bot", SLACK_BOT, [], { ...env, HEALTH_PORT: String(ports.slackHealth) }),
  );
  await Promise.all([ready(ports.workersHealth, "recon workers"), ready(ports.dashboardHealth, "the dashboard"), ready(ports.slackHealth, "the Slack bot")]);
}, 180_000);

afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await Promise.all([smtp?.close(), slack?.close(), s3?.close(), sandbox?.close()]);
  await redisServer?.destroy();
  await database?.drop();
  if (database) {
    const server = new URL(database.url);
    server.pathname = "/postgres";
    await queryDatabase(server.toString(), `DROP ROLE IF EXISTS ${ROLE}`);
  }
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("secrets during a whole run", () => {
  it("a whole real-mode run with errors on the way: runs complete, reports stored, alerts delivered, every credential used", async () => {
    // The first SMTP login is refused (535): the alert's first attempt fails and is retried.
    smtp.rejectNextLogins(1);
    const run = await runRecon(["run", "--remote", "--processors", PROCESSORS.join(","), "--date", DATE, "--json", "--timeout", "300"], env, 330_000);
    printed("recon run --remote", run);
    expect(run.code, run.stderr).toBe(0);
    const { runs } = JSON.parse(run.stdout) as { runs: Array<{ processor: string; status: string }> };
    expect(runs.map((r) => [r.processor, r.status])).toEqual(PROCESSORS.map((p) => [p, "completed"]));

    await smtp.waitFor(3, 120_000);
    await eventually("three Slack alerts", () => Promise.resolve(slack.calls.filter((c) => c.method === "chat.postMessage").length >= 3 ? true : undefined), { timeoutMs: 120_000 });
    await eventually("the reports in S3", async () => ((await s3.listKeys(`reports/${DATE}/`)).length >= 15 ? true : undefined), { timeoutMs: 120_000 });
    // Every credential was used, and accepted: the emulators served the day, the SMTP login
    // (after the refused one) sent the mail, Slack got the bot token.
    expect(smtp.refusedLogins).toBe(1);
    expect(sandbox.stripe.requestCount()).toBeGreaterThan(1);
    expect(sandbox.paypal.tokenCount()).toBeGreaterThan(0);
    expect(sandbox.square.requestCount()).toBeGreaterThan(1);
    expect(sandbox.ledger.requestCount()).toBeGreaterThan(1);
    expect(slack.calls.some((call) => call.authorization === `Bearer ${SECRETS.SLACK_BOT_TOKEN}`)).toBe(true);

    // The Slack bot: a signed /reconcile status is answered (through response_url), a forged one refused.
    const bot = `http://127.0.0.1:${ports.slack}/slack/events`;
    const before = slack.calls.length;
    const status = slashCommand("status", SECRETS.SLACK_SIGNING_SECRET);
    const signed = await fetch(bot, { method: "POST", body: status.body, headers: status.headers });
    places.push({ place: "slack-bot answer to /reconcile status", text: await signed.text() });
    expect(signed.status).toBe(200);
    await eventually("the status reply", () => Promise.resolve(slack.calls.slice(before).some((call) => call.method.includes("response/status")) ? true : undefined), { timeoutMs: 30_000 });
    const forged = slashCommand("stripe 2025-10-09", "not-the-signing-secret");
    const refused = await fetch(bot, { method: "POST", body: forged.body, headers: forged.headers });
    places.push({ place: "slack-bot answer to a forged request", text: await refused.text() });
    expect(refused.status).toBe(401);

    // The dashboard: its pages and Bull Board's API, and a wrong password.
    const dashboard = `http://127.0.0.1:${ports.dashboard}`;
    const auth = basic("ops", SECRETS.DASHBOARD_PASSWORD);
    expect((await served(`${dashboard}/runs`, auth)).status).toBe(200);
    expect((await served(`${dashboard}/runs`, basic("ops", `${SECRETS.DASHBOARD_PASSWORD}x`))).status).toBe(401);
    for (const queue of Object.values(QUEUE_NAMES)) {
      for (const state of ["latest", "completed", "failed", "delayed", "waiting", "waiting-children"]) {
        expect((await served(`${dashboard}/queues/api/queues?activeQueue=${queue}&status=${state}&page=1`, auth)).status).toBe(200);
      }
    }

    // Start-up errors whose message names a URL carrying a password: Postgres, then Redis, unreachable.
    const closed = await freeLoopbackPort();
    const noPostgres = new URL(databaseUrl);
    noPostgres.port = String(closed);
    const pgDown = await runRecon(["run", "--processors", "stripe", "--date", DATE], { ...env, DATABASE_URL: noPostgres.toString() }, 60_000);
    printed("recon run, Postgres unreachable", pgDown);
    expect(pgDown.code).toBe(1);
    expect(pgDown.stderr).toMatch(new RegExp(`${ROLE}.*127\\.0\\.0\\.1:${closed}`));
    const redisDown = await runRecon(["run", "--processors", "stripe", "--date", DATE], { ...env, REDIS_URL: `redis://:${SECRETS.REDIS_PASSWORD}@127.0.0.1:${closed}` }, 60_000);
    printed("recon run, Redis unreachable", redisDown);
    expect(redisDown.code).toBe(1);
    expect(redisDown.stderr).toContain("Redis unreachable");

    // What the fleet stored, once nothing is in flight any more.
    const redis = new Redis(redisUrl);
    try {
      await eventually("the queues to be idle", async () => ((await queuesIdle(redis)) ? true : undefined), { timeoutMs: 120_000 });
      // The canary: one of each kind of place, each in another form.
      await queryDatabase(databaseUrl, "CREATE TABLE secret_canary (note text)");
      await queryDatabase(databaseUrl, "INSERT INTO secret_canary VALUES ($1)", [CANARY]);
      await redis.hset(`${prefix}:canary`, "note", encodeURIComponent(CANARY));
      await writeFile(join(reportsDir, "canary.txt"), Buffer.from(`ab${CANARY}`).toString("base64"));
      await s3.putText("canary/object.txt", CANARY);

      places.push(...(await databaseRows(databaseUrl)), ...(await redisEntries(redis)), ...(await filesUnder(reportsDir)));
      for (const key of await s3.listKeys()) places.push({ place: `s3 ${key}`, text: await s3.getText(key) });
      for (const mail of smtp.messages) places.push({ place: `email ${mail.subject}`, text: JSON.stringify(mail) });
      // What Slack was sent to show: the messages and replies. The token's own uses are left out:
      // the Authorization header of every call, and auth.test, which hands Slack its own token to check.
      for (const call of slack.calls.filter((c) => !c.method.startsWith("auth."))) places.push({ place: `slack ${call.method}`, text: JSON.stringify(call.body) });
      for (const port of [ports.workersHealth, ports.dashboardHealth, ports.slackHealth]) {
        for (const path of ["/healthz", "/readyz", "/metrics"]) await served(`http://127.0.0.1:${port}${path}`);
      }
    } finally {
      redis.disconnect();
    }

    // A Redis outage as every probe sees it, then Redis back.
    await redisServer.stop();
    for (const port of [ports.workersHealth, ports.dashboardHealth, ports.slackHealth]) {
      const down = await eventually("/readyz to fail", async () => {
        const answer = await get(`http://127.0.0.1:${port}/readyz`);
        return answer.status === 503 ? answer : undefined;
      }, { timeoutMs: 30_000 });
      places.push({ place: `GET /readyz on ${port} during a Redis outage`, text: down.body });
    }
    await services[0]!.printed("redis connection error", 30_000);
    await redisServer.start();
    for (const port of [ports.workersHealth, ports.dashboardHealth, ports.slackHealth]) await ready(port, `port ${port} after the outage`);

    // Shut down as Kubernetes does; what they printed, shutdown included.
    for (const service of services.splice(0)) {
      expect(await service.stop(), `${service.name}:\n${service.output()}`).toBe(0);
      places.push({ place: `${service.name}: stdout and stderr`, text: service.output() });
    }
  }, 600_000);

  it("the search finds the planted canary in each kind of place, in its form", () => {
    const found = findSecrets(places, { CANARY }).map((f) => `${f.place.replace(/ \(.*\)$/, "").replace(reportsDir, "<reports>")} ${f.form}`);
    expect(found.sort()).toEqual(
      ["table public.secret_canary raw", `redis hash ${prefix}:canary url-encoded`, "file <reports>/canary.txt base64", "s3 canary/object.txt raw"].sort(),
    );
  });

  it("no secret appears in anything the fleet printed, stored or served", () => {
    expect(places.length).toBeGreaterThan(100);
    const leaks = findSecrets(places, SECRETS).map((f) => `${f.secret} (${f.form}) in ${f.place}: …${f.context}…`);
    expect(leaks).toEqual([]);
  });
});
