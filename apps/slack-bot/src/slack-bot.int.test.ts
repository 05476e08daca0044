import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createDb, listRuns, type Db } from "@recon/db";
import { PROCESSORS } from "@recon/domain";
import { createQueueSet, createRedisConnection, waitUntilReady, type QueueSet } from "@recon/queue";
import { createTestDatabase, eventually, testRedisUrl, uniquePrefix, type TestDatabase, silentLogger } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackBot, type StartedSlackBot } from "./start-slack-bot";

const CLI = join(import.meta.dirname, "../../cli/src/main.ts");
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const OPS_CHANNEL = "C0OPS";
const BOSS = "U0BOSS";
const silent = silentLogger();

interface Recorded {
  path: string;
  body: Record<string, string>;
}

/** Stands in for Slack's Web API and for response_url: records every call, answers ok. */
async function startRecorder(): Promise<{ url: string; calls: Recorded[]; close(): Promise<void> }> {
  const calls: Recorded[] = [];
  let ts = 0;
  const server: Server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      const body: Record<string, string> = request.headers["content-type"]?.includes("json")
        ? (JSON.parse(raw || "{}") as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      const path = request.url ?? "/";
      calls.push({ path, body });
      response.writeHead(200, { "content-type": "application/json" });
      if (path.endsWith("/usergroups.users.list")) {
        response.end(JSON.stringify({ ok: true, users: body.usergroup === "S0OPS" ? ["U0GROUPIE"] : [] }));
      } else if (path.endsWith("/auth.test")) {
        response.end(JSON.stringify({ ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0TEAM" }));
      } else if (path.endsWith("/chat.postMessage")) {
        ts += 1;
        response.end(JSON.stringify({ ok: true, channel: body.channel, ts: `1760000000.00000${ts}` }));
      } else {
        response.end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Signs exactly as Slack does: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}


describe("slack bot /reconcile", () => {
  let database: TestDatabase;
  let db: Db;
  let queues: QueueSet;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let bot: StartedSlackBot;
  let workers: ChildProcess;
  let workerOutput = "";
  const prefix = uniquePrefix("slack");

  beforeAll(async () => {
    database = await createTestDatabase({ name: "slack_bot" });
    db = createDb(database.url, { max: 2 });
    const connection = createRedisConnection(testRedisUrl(), "producer");
    await waitUntilReady(connection);
    queues = createQueueSet(connection, prefix);
    recorder = await startRecorder();
    bot = await startBot();
    // The fleet's workers in their own process, on the built-in sandbox emulators (asked for).
    workers = spawn(process.execPath, ["--import", "tsx", CLI, "workers", "--only", "fetch,reconcile"], {
      env: { ...process.env, RECON_SANDBOX: "true", DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, HEALTH_PORT: "0", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    workers.stdout?.on("data", (chunk: Buffer) => (workerOutput += chunk.toString()));
    workers.stderr?.on("data", (chunk: Buffer) => (workerOutput += chunk.toString()));
  });

  afterAll(async () => {
    // Let the last run's result be posted before its workers go.
    await bot?.idle();
    if (workers && workers.exitCode === null) {
      await new Promise((resolve) => {
        workers.once("exit", resolve);
        workers.kill("SIGTERM");
      });
    }
    await bot?.idle();
    await bot?.close();
    await recorder?.close();
    if (queues) {
      const keys = await queues.connection.keys(`${prefix}:*`);
      if (keys.length > 0) await queues.connection.del(...keys);
      await queues.close();
      queues.connection.disconnect();
    }
    await db?.close();
    await database?.drop();
  });

  /** One replica of the bot; a test may start another beside it (they share Redis and Postgres). */
  function startBot(): Promise<StartedSlackBot> {
    return startSlackBot({
      signingSecret: SIGNING_SECRET,
      botToken: "xoxb-test-token",
      slackApiUrl: `${recorder.url}/api/`,
      access: { channels: new Set([OPS_CHANNEL]), users: new Set([BOSS]), usergroups: new Set(["S0OPS"]) },
      processors: PROCESSORS,
      queues,
      db,
      logger: silent,
      slices: 2,
      port: 0,
      host: "127.0.0.1",
      pollMs: 200,
    });
  }

  function command(fields: { text: string; user?: string; channel?: string }): string {
    return new URLSearchParams({
      token: "legacy-verification-token",
      team_id: "T0TEAM",
      team_domain: "acme",
      channel_id: fields.channel ?? OPS_CHANNEL,
      channel_name: "payments-ops",
      user_id: fields.user ?? "U0ALICE",
      user_name: "alice",
      command: "/reconcile",
      text: fields.text,
      api_app_id: "A0APP",
      response_url: `${recorder.url}/response/${Math.random().toString(36).slice(2)}`,
      trigger_id: "1.2.3",
    }).toString();
  }

  async function post(body: string, headers: { timestamp?: number; signature?: string } = {}, to: StartedSlackBot = bot): Promise<Response> {
    const timestamp = headers.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(`${to.url}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": headers.signature ?? sign(body, timestamp),
      },
      body,
    });
  }

  const postMessages = () => recorder.calls.filter((call) => call.path.endsWith("/chat.postMessage"));

  it("rejects a bad signature, a stale timestamp and one ten minutes in the future with 401", async () => {
    const body = command({ text: "paypal 2025-10-09" });
    const now = Math.floor(Date.now() / 1000);
    expect((await post(body, { signature: sign(body, now, "not-the-secret") })).status).toBe(401);
    // Correctly signed, but replayed ten minutes later.
    const stale = now - 600;
    expect((await post(body, { timestamp: stale, signature: sign(body, stale) })).status).toBe(401);
    // Correctly signed, stamped ten minutes ahead: it would stay valid for a quarter of an hour.
    const future = now + 600;
    const ahead = await post(body, { timestamp: future, signature: sign(body, future) });
    expect(ahead.status).toBe(401);
    expect(await ahead.text()).toBe("request timestamp is in the future\n");
    expect(await queues.queues.reconcile.count()).toBe(0);
    expect(postMessages()).toHaveLength(0);
  });

  it("answers an unknown processor or a bad date with ephemeral help listing what is valid", async () => {
    for (const [text, problem] of [
      ["venmo 2025-10-09", 'unknown processor "venmo"'],
      ["paypal 2025-13-45", 'invalid date "2025-13-45"'],
      ["paypal yesterday", 'invalid date "yesterday"'],
    ] as const) {
      const response = await post(command({ text }));
      expect(response.status).toBe(200);
      const reply = (await response.json()) as { response_type: string; text: string };
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toContain(problem);
      expect(reply.text).toContain("stripe, paypal, square");
      expect(reply.text).toContain("/reconcile <processor> [YYYY-MM-DD]");
    }
    expect(await queues.queues.reconcile.count()).toBe(0);
  });

  it("refuses a user outside the allowed channel and users", async () => {
    const response = await post(command({ text: "paypal 2025-10-09", user: "U0MALLORY", channel: "C0RANDOM" }));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { response_type: string; text: string };
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("not allowed");
    expect(await queues.queues.reconcile.count()).toBe(0);
    expect(postMessages()).toHaveLength(0);
  });

  it("starts a PayPal run for a signed /reconcile paypal 2025-10-09 and posts the result in a thread", async () => {
    const response = await post(command({ text: "paypal 2025-10-09" }));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { response_type: string; text: string };
    expect(reply.text).toContain("Starting paypal reconciliation for 2025-10-09");

    await eventually("the announcement and the result are posted", () => postMessages().length >= 2, { timeoutMs: 90_000 }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\nworkers said:\n${workerOutput}`);
    });
    const [announcement, result] = postMessages();
    expect(announcement!.body.channel).toBe(OPS_CHANNEL);
    expect(announcement!.body.text).toContain("started a run: *paypal* 2025-10-09");
    expect(result!.body.channel).toBe(OPS_CHANNEL);
    expect(result!.body.thread_ts).toBe("1760000000.000001");

    const [run] = await listRuns(db, { processor: "paypal", runDate: "2025-10-09" });
    expect(run?.status).toBe("completed");
    expect(run?.createdBy).toBe("slack:U0ALICE");
    expect(result!.body.text).toContain(":white_check_mark: *paypal* 2025-10-09: completed");
    expect(result!.body.text).toContain(`${run!.processorTransactionCount} processor / ${run!.internalTransactionCount} ledger transactions`);
    // The fleet runs as a sandbox: the result says the data was generated.
    expect(result!.body.text).toContain("(SANDBOX: generated data from the built-in emulators)");
  });

  it("accepts a signed request once and refuses its replay, which posts nothing", async () => {
    const body = command({ text: "stripe 2025-10-07", user: BOSS, channel: "C0RANDOM" });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(body, timestamp);
    const first = await post(body, { timestamp, signature });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { text: string }).text).toContain("Starting stripe reconciliation for 2025-10-07");
    // The memory of it is bounded: it expires when the signature would be stale anyway.
    const ttl = await queues.connection.pttl(`${prefix}:slack:seen-signature:${signature}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(301_000);

    // The same bytes again, while the run is still in flight (where it would be "joined" and announced again).
    const replay = await post(body, { timestamp, signature });
    expect(replay.status).toBe(401);
    expect(await replay.text()).toBe("request already received (replay)\n");
    // Another replica of the bot knows it too: the memory is in Redis, not in one process.
    const replica = await startBot();
    try {
      expect((await post(body, { timestamp, signature }, replica)).status).toBe(401);
    } finally {
      await replica.close();
    }

    const ofThisRun = () => postMessages().filter((call) => call.body.text?.includes("*stripe* 2025-10-07"));
    await eventually("the run's announcement and result are posted", () => ofThisRun().length >= 2, { timeoutMs: 90_000 }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\nworkers said:\n${workerOutput}`);
    });
    await bot.idle();
    const posted = ofThisRun().map((call) => call.body.text);
    expect(posted).toHaveLength(2);
    expect(posted[0]).toContain(`<@${BOSS}> started a run: *stripe* 2025-10-07`);
    expect(posted[1]).toContain("*stripe* 2025-10-07: completed");
  });

  it("lists today's runs for /reconcile status", async () => {
    const response = await post(command({ text: "status", user: "U0MALLORY", channel: "C0RANDOM" }));
    expect(response.status).toBe(200);
    await eventually("the status reply is posted to response_url", () => recorder.calls.some((call) => call.path.startsWith("/response/")), { timeoutMs: 90_000 });
    const reply = recorder.calls.find((call) => call.path.startsWith("/response/"))!;
    expect(reply.body.response_type).toBe("ephemeral");
    expect(reply.body.text).toContain("Runs started today");
    expect(reply.body.text).toContain("*paypal* 2025-10-09: completed");
  });

  it("lets a member of an allowed user group trigger from any channel", async () => {
    const response = await post(command({ text: "stripe 2025-10-08", user: "U0GROUPIE", channel: "C0RANDOM" }));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { response_type: string; text: string };
    expect(reply.text).toContain("Starting stripe reconciliation for 2025-10-08");
    expect(recorder.calls.some((call) => call.path.endsWith("/usergroups.users.list") && call.body.usergroup === "S0OPS")).toBe(true);
    await eventually("the stripe announcement is posted", () => postMessages().some((call) => call.body.text?.includes("*stripe* 2025-10-08")), { timeoutMs: 90_000 });
  });
});
