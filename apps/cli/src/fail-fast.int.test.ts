// Must-show 3 of issue 12: every process exits non-zero within seconds, with one line naming the
// cause, when Redis or Postgres is unreachable at start, a port is taken, or a credential half-set.
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { withDatabase } from "@recon/db";
import { createTestDatabase, runToExit, testRedisUrl, uniquePrefix, freeLoopbackPort, type ExitResult, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRecon } from "./testing/cli-process";

const APPS = join(import.meta.dirname, "..", "..");
const ENTRY = {
  "fetch-worker": join(APPS, "fetch-worker/src/main.ts"),
  scheduler: join(APPS, "scheduler/src/main.ts"),
  dashboard: join(APPS, "dashboard/src/main.ts"),
  "slack-bot": join(APPS, "slack-bot/src/main.ts"),
} as const;
/**
 * The issue's bound on failing fast. Loading a process's modules through tsx takes 3 s on an idle
 * machine and over 20 s on a saturated one (and varies by as much again), so each process's bound
 * adds twice its load time, measured by the case that fails before connecting to anything (an
 * invalid configuration). What it catches: a process that hangs instead of exiting.
 */
const WITHIN_MS = 15_000;
const loadMs = new Map<string, number>();

let taken: Server;
const held: Socket[] = [];
let takenPort: number;
let env: NodeJS.ProcessEnv;
let downUrl: { redis: string; postgres: string };
let database: TestDatabase;

beforeAll(async () => {
  // Holds every connection it accepts, unanswered (a port in use; a ledger that hangs).
  taken = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => taken.listen(0, "0.0.0.0", resolve));
  takenPort = (taken.address() as { port: number }).port;
  // A migrated database: a process checks its mode (sandbox or real) before it binds its ports.
  database = await createTestDatabase({ name: "fail_fast" });
  env = {
    PATH: process.env.PATH,
    DATABASE_URL: database.url,
    // Every process here runs as a sandbox (no source credentials needed), one mode on one database.
    RECON_SANDBOX: "true",
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("fail_fast"),
    HEALTH_PORT: "0",
    LOG_LEVEL: "warn",
    DASHBOARD_SANDBOX: "true",
    DASHBOARD_PORT: "0",
    SLACK_SIGNING_SECRET: "test-secret",
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_ALLOWED_USERS: "U1",
    SLACK_PORT: "0",
  };
  downUrl = { redis: `redis://127.0.0.1:${await freeLoopbackPort()}`, postgres: withDatabase(`postgresql://root@127.0.0.1:${await freeLoopbackPort()}`, "recon") };
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  await database?.drop();
});

/**
 * Exited 1, in time, and the last line of stderr is the one line naming the cause (no stack
 * trace). `immediate`: the cause is found before any connection, so this run measures load time.
 */
function expectFailedFast(result: ExitResult, process: string, cause: RegExp, immediate = false): void {
  const lines = result.stderr.trim().split("\n");
  expect(result.code, result.stderr + result.stdout).toBe(1);
  if (immediate) loadMs.set(process, Math.min(result.ms, loadMs.get(process) ?? Infinity));
  const load = loadMs.get(process);
  if (load === undefined) throw new Error(`measure ${process}'s load time first (an immediate case)`);
  console.info(`${process}: exited 1 after ${result.ms} ms (load ${load} ms): ${lines.at(-1)}`);
  expect(result.ms).toBeLessThan(WITHIN_MS + 2 * load);
  expect(lines.at(-1)).toMatch(new RegExp(`^${process}: `));
  expect(lines.at(-1)).toMatch(cause);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

// The kill timeout only ends a hung test; the bound is asserted on the measured time.
const run = (app: keyof typeof ENTRY, extra: NodeJS.ProcessEnv) => runToExit(ENTRY[app], [], { ...env, ...extra });

describe("a worker app (fetch-worker) fails fast", () => {
  it("when it has no source credentials and no RECON_SANDBOX, naming what to set", async () => {
    const noSandbox = { RECON_SANDBOX: "" };
    const result = await run("fetch-worker", noSandbox);
    expectFailedFast(result, "fetch-worker", /missing source credentials: the ledger needs INTERNAL_API_URL/, true);
    expect(result.stderr).toMatch(/no processor has credentials: set STRIPE_API_KEY, PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET, SQUARE_ACCESS_TOKEN or ADYEN_API_KEY and ADYEN_MERCHANT_ACCOUNT/);
    expect(result.stderr).toContain("use RECON_SANDBOX=true");
    // A processor alone is not enough: the ledger is named.
    const ledgerMissing = await run("fetch-worker", { ...noSandbox, STRIPE_API_KEY: "sk_live_x" });
    expectFailedFast(ledgerMissing, "fetch-worker", /the ledger needs INTERNAL_API_URL/, true);
    expect(ledgerMissing.stderr).not.toMatch(/no processor has credentials/);
  });
  it("when RECON_SANDBOX is set together with a source credential, naming it", async () => {
    const result = await run("fetch-worker", { STRIPE_API_KEY: "sk_live_x", INTERNAL_API_URL: "http://ledger.internal" });
    expectFailedFast(result, "fetch-worker", /RECON_SANDBOX=true runs every source on the built-in emulators .* but STRIPE_API_KEY and INTERNAL_API_URL are set/, true);
  });
  it("when a PayPal or S3 credential is half-set", async () => {
    expectFailedFast(await run("fetch-worker", { PAYPAL_CLIENT_ID: "id-only" }), "fetch-worker", /PAYPAL_CLIENT_SECRET is missing/, true);
    expectFailedFast(await run("fetch-worker", { S3_BUCKET: "b", S3_SECRET_ACCESS_KEY: "secret-only" }), "fetch-worker", /S3_ACCESS_KEY_ID is missing/, true);
  });
  it("when Redis is unreachable", async () => {
    expectFailedFast(await run("fetch-worker", { REDIS_URL: downUrl.redis }), "fetch-worker", /Redis unreachable at REDIS_URL/);
  });
  it("when Postgres is unreachable", async () => {
    expectFailedFast(await run("fetch-worker", { DATABASE_URL: downUrl.postgres }), "fetch-worker", /Postgres unreachable at DATABASE_URL/);
  });
  it("when HEALTH_PORT is taken", async () => {
    expectFailedFast(await run("fetch-worker", { HEALTH_PORT: String(takenPort) }), "fetch-worker", /HEALTH_PORT \d+ is already in use/);
  });
});

describe("the scheduler fails fast", () => {
  it("when an S3 credential is half-set", async () => {
    expectFailedFast(await run("scheduler", { S3_ACCESS_KEY_ID: "id-only" }), "scheduler", /S3_SECRET_ACCESS_KEY is missing/, true);
  });
  it("when Redis is unreachable", async () => {
    expectFailedFast(await run("scheduler", { REDIS_URL: downUrl.redis }), "scheduler", /Redis unreachable at REDIS_URL/);
  });
  it("when HEALTH_PORT is taken", async () => {
    expectFailedFast(await run("scheduler", { HEALTH_PORT: String(takenPort) }), "scheduler", /HEALTH_PORT \d+ is already in use/);
  });
});

describe("the dashboard fails fast", () => {
  it("when no sign-in is configured outside a sandbox", async () => {
    expectFailedFast(await run("dashboard", { DASHBOARD_SANDBOX: "" }), "dashboard", /needs sign-in: set OIDC_ISSUER_URL, OIDC_CLIENT_ID/, true);
  });
  it("when OIDC is half configured", async () => {
    expectFailedFast(await run("dashboard", { OIDC_ISSUER_URL: "https://login.example.com/" }), "dashboard", /set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET and DASHBOARD_PUBLIC_URL and DASHBOARD_SESSION_SECRET too/, true);
  });
  it("when the OIDC issuer cannot be reached, naming it", async () => {
    const issuer = `http://127.0.0.1:${await freeLoopbackPort()}/`;
    const oidc = {
      DASHBOARD_SANDBOX: "",
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: "recon",
      OIDC_CLIENT_SECRET: "client-secret",
      DASHBOARD_PUBLIC_URL: "http://127.0.0.1:3000",
      OIDC_VIEWER_GROUPS: "recon-viewers",
      DASHBOARD_SESSION_SECRET: "0123456789abcdef0123456789abcdef",
    };
    expectFailedFast(await run("dashboard", oidc), "dashboard", new RegExp(`OIDC discovery at ${issuer} failed`));
  });
  it("when the sandbox's Basic auth has no password", async () => {
    expectFailedFast(await run("dashboard", { DASHBOARD_USER: "ops" }), "dashboard", /needs DASHBOARD_PASSWORD too/, true);
  });
  it("when Postgres is unreachable", async () => {
    expectFailedFast(await run("dashboard", { DATABASE_URL: downUrl.postgres }), "dashboard", /Postgres unreachable at DATABASE_URL/);
  });
  it("when DASHBOARD_PORT is taken", async () => {
    expectFailedFast(await run("dashboard", { DASHBOARD_PORT: String(takenPort) }), "dashboard", /DASHBOARD_PORT \d+ is already in use/);
  });
});

describe("the slack-bot fails fast", () => {
  it("when its signing secret is missing", async () => {
    expectFailedFast(await run("slack-bot", { SLACK_SIGNING_SECRET: "" }), "slack-bot", /SLACK_SIGNING_SECRET/, true);
  });
  it("when Redis is unreachable", async () => {
    expectFailedFast(await run("slack-bot", { REDIS_URL: downUrl.redis }), "slack-bot", /Redis unreachable at REDIS_URL/);
  });
  it("when SLACK_PORT is taken", async () => {
    expectFailedFast(await run("slack-bot", { SLACK_PORT: String(takenPort) }), "slack-bot", /SLACK_PORT \d+ is already in use/);
  });
  it("when Slack refuses SLACK_BOT_TOKEN, or its API does not answer, naming the variable", async () => {
    const refusing = createHttpServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: "invalid_auth" }));
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    try {
      const api = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/api/`;
      expectFailedFast(await run("slack-bot", { SLACK_API_URL: api }), "slack-bot", /Slack refused SLACK_BOT_TOKEN: auth\.test answered "invalid_auth"/);
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
    // `taken` accepts and never answers.
    expectFailedFast(
      await run("slack-bot", { SLACK_API_URL: `http://127.0.0.1:${takenPort}/api/` }),
      "slack-bot",
      /Slack did not confirm SLACK_BOT_TOKEN within 5000 ms: auth\.test at http:\/\/127\.0\.0\.1:\d+\/api\/ \(SLACK_API_URL\) did not answer/,
    );
  });
});

describe("the CLI fails fast", () => {
  const recon = (args: string[], extra: NodeJS.ProcessEnv) => runRecon(args, { ...env, ...extra });
  it("recon run without --sandbox and without credentials, naming the processors asked for and the ledger", async () => {
    const result = await recon(["run", "--processors", "stripe,square", "--date", "2025-10-09"], { RECON_SANDBOX: "" });
    expectFailedFast(result, "recon", /missing source credentials: the ledger needs INTERNAL_API_URL .*; stripe needs STRIPE_API_KEY; square needs SQUARE_ACCESS_TOKEN\. .*use --sandbox/, true);
    expect(result.stderr).not.toContain("PAYPAL");
    expect(result.stdout).toBe("");
  });
  it("recon run --sandbox with a source credential set, naming it", async () => {
    const result = await recon(["run", "--sandbox", "--processors", "stripe", "--date", "2025-10-09"], { RECON_SANDBOX: "", SQUARE_ACCESS_TOKEN: "sq-real" });
    expectFailedFast(result, "recon", /--sandbox runs every source on the built-in emulators with generated data, but SQUARE_ACCESS_TOKEN is set/, true);
  });
  it("recon run --remote on a half-set credential", async () => {
    expectFailedFast(await recon(["run", "--remote"], { PAYPAL_CLIENT_ID: "id-only" }), "recon", /PAYPAL_CLIENT_SECRET is missing/, true);
  });
  it("recon run --remote --timeout 10 when Redis is unreachable", async () => {
    expectFailedFast(await recon(["run", "--remote", "--timeout", "10"], { REDIS_URL: downUrl.redis }), "recon", /Redis unreachable at REDIS_URL/);
  });
  it("recon run when Postgres is unreachable", async () => {
    expectFailedFast(await recon(["run", "--timeout", "10"], { DATABASE_URL: downUrl.postgres }), "recon", /Postgres unreachable at DATABASE_URL/);
  });
  it("recon migrate, migrate --check, breaks, import and audit verify when Postgres is unreachable, naming it and the variable", async () => {
    const ledger = join(import.meta.dirname, "import", "fixtures", "ledger.csv");
    const down = { DATABASE_URL: downUrl.postgres };
    for (const args of [["migrate"], ["breaks", "list"], ["breaks", "resolve", "1", "--note", "x"], ["import", "--source", "internal", "--format", "ledger-csv", "--file", ledger], ["audit", "verify"]]) {
      expectFailedFast(await recon(args, down), "recon", /Postgres unreachable at DATABASE_URL=postgresql:\/\/root@127\.0\.0\.1:\d+\/recon: connect ECONNREFUSED/);
    }
    // migrate --check reports on its own line (it is what an init container prints).
    const check = await recon(["migrate", "--check"], down);
    expect(check.code).toBe(1);
    expect(check.stderr.trim()).toMatch(/^Postgres unreachable at DATABASE_URL=/);
    // Migrations run as MIGRATION_DATABASE_URL's role when it is set: that is the variable named.
    expectFailedFast(await recon(["migrate"], { MIGRATION_DATABASE_URL: downUrl.postgres }), "recon", /Postgres unreachable at MIGRATION_DATABASE_URL=/);
  });
  it("recon sandbox serve when a port from --port is taken, naming --port", async () => {
    expectFailedFast(await recon(["sandbox", "serve", "--port", String(takenPort)], {}), "recon", new RegExp(`--port ${takenPort}: port ${takenPort} is already in use .*choose another --port`));
  });
  it("recon run honours --timeout when a job in its own workers hangs (a ledger that never answers)", async () => {
    const hangDatabase = await createTestDatabase({ name: "fail_fast_hang" });
    try {
      // `taken` accepts connections and never answers: the ledger fetch hangs (30 s per request).
      // Real sources (no sandbox) that never answer; a real run's own database and queues.
      const never = `http://127.0.0.1:${takenPort}`;
      const hanging = { RECON_SANDBOX: "", DATABASE_URL: hangDatabase.url, QUEUE_PREFIX: uniquePrefix("fail_fast_hang"), INTERNAL_API_URL: never, INTERNAL_API_TOKEN: "t", STRIPE_API_KEY: "sk_test_x", STRIPE_API_BASE: never, SHUTDOWN_TIMEOUT_MS: "2000" };
      const result = await recon(["run", "--processors", "stripe", "--timeout", "5"], hanging);
      const load = loadMs.get("recon") ?? 0;
      console.info(`recon run --timeout 5 with a hung job: exited ${result.code} after ${result.ms} ms (load ${load} ms)`);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("timed out after 5 s");
      expect(result.stderr).toMatch(/did not close within 2 s \(SHUTDOWN_TIMEOUT_MS\); exiting/);
      // --timeout, the bounded close, and loading; far less than the 30 s the hung request would hold it.
      expect(result.ms).toBeLessThan(5_000 + 2_000 + WITHIN_MS + 2 * load);
    } finally {
      await hangDatabase.drop();
    }
  });
  it("recon workers on a half-set credential and on a taken HEALTH_PORT", async () => {
    expectFailedFast(await recon(["workers"], { PAYPAL_CLIENT_SECRET: "secret-only" }), "recon-workers", /PAYPAL_CLIENT_ID is missing/, true);
    expectFailedFast(await recon(["workers"], { HEALTH_PORT: String(takenPort) }), "recon-workers", /HEALTH_PORT \d+ is already in use/);
  });
});
