import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { requestRun } from "@recon/fleet";
import { App, HTTPModuleFunctions, HTTPReceiver } from "@slack/bolt";
import type { Db } from "@recon/db";
import { todayUtc, type Processor } from "@recon/domain";
import type { QueueSet } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import { awaitRunEnd } from "./await-run-end";
import { boltLogger } from "./bolt-logger";
import { mayTrigger, type SlackAccess } from "./env";
import { resultText, statusText } from "./messages";
import { helpText, parseReconcileCommand } from "./parse-command";
import { redisReplayMemory } from "./replay-memory";
import { slackRequestGate } from "./slack-request-gate";
import { usergroupMembership } from "./usergroup-members";
import { verifyBotToken } from "./verify-bot-token";

export interface SlackBotOptions {
  signingSecret: string;
  botToken: string;
  /** Slack Web API base, e.g. a local recorder in tests. Default Slack's own. */
  slackApiUrl?: string;
  access: SlackAccess;
  /** Processors with a connector: what `/reconcile` accepts. */
  processors: readonly Processor[];
  queues: QueueSet;
  db: Db;
  logger: Logger;
  /** Time slices per side of a day (FETCH_SLICES). */
  slices: number;
  /** HTTP port (0 picks a free one); ignored in Socket Mode. */
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** Socket Mode instead of HTTP: needs an app-level token (xapp-…). */
  socketMode?: { appToken: string };
  /** How often run results are polled for. Default 1000 ms. */
  pollMs?: number;
}

export interface StartedSlackBot {
  /** Where Slack posts commands (HTTP mode): `<url>/slack/events`. */
  url: string | undefined;
  /** Resolves once every result being awaited has been posted (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `/reconcile <processor> [YYYY-MM-DD]` and `/reconcile status`. Bolt verifies every request's
 * signature and timestamp (a bad signature or a timestamp over five minutes old gets 401); in
 * HTTP mode a gate in front of Bolt also refuses replays and future timestamps (401). The
 * command is acknowledged before any Redis or Postgres work so Slack's 3-second limit holds; the
 * run is then enqueued (joining one already in flight) and its result posted in a thread under
 * the announcement when it ends.
 */
export async function startSlackBot(options: SlackBotOptions): Promise<StartedSlackBot> {
  const log = options.logger.child({ component: "slack-bot" });
  const pending = new Set<Promise<void>>();
  // HTTP mode: our own server runs the replay gate, then Bolt's receiver (never started itself).
  const logger = boltLogger(options.logger);
  const receiver = options.socketMode ? undefined : new HTTPReceiver({ signingSecret: options.signingSecret, logger });
  const app = new App({
    token: options.botToken,
    // The token is checked by verifyBotToken at start, bounded, not in the background.
    deferInitialization: true,
    logger,
    ...(options.slackApiUrl ? { clientOptions: { slackApiUrl: options.slackApiUrl } } : {}),
    ...(options.socketMode ? { socketMode: true, appToken: options.socketMode.appToken, signingSecret: options.signingSecret } : { receiver }),
  });

  const inUsergroup = usergroupMembership(async (usergroup) => (await app.client.usergroups.users.list({ usergroup })).users ?? []);
  const allowed = async (channelId: string, userId: string) =>
    mayTrigger(options.access, { channelId, userId }) || (await inUsergroup(options.access.usergroups ?? [], userId));

  app.command("/reconcile", async ({ command, ack, respond, client }) => {
    const parsed = parseReconcileCommand(command.text, options.processors);
    if (parsed.kind === "help") {
      await ack({ response_type: "ephemeral", text: helpText(options.processors, parsed.problem) });
      return;
    }
    if (parsed.kind === "status") {
      await ack();
      const today = todayUtc();
      const runs = await options.db.prisma.reconciliationRun.findMany({
        where: { startTime: { gte: new Date(`${today}T00:00:00.000Z`) } },
        orderBy: [{ startTime: "desc" }],
      });
      await respond({ response_type: "ephemeral", text: statusText(runs, today) });
      return;
    }
    if (!(await allowed(command.channel_id, command.user_id))) {
      log.warn({ user: command.user_id, channel: command.channel_id, processor: parsed.processor }, "refused /reconcile from an unauthorised user");
      await ack({
        response_type: "ephemeral",
        text: ":no_entry: You are not allowed to start runs from here. Ask in the operations channel.",
      });
      return;
    }
    await ack({ response_type: "ephemeral", text: `Starting ${parsed.processor} reconciliation for ${parsed.runDate}…` });

    const since = new Date();
    const triggered = await requestRun(options, {
      processor: parsed.processor,
      runDate: parsed.runDate,
      createdBy: `slack:${command.user_id}`,
      slices: options.slices,
    });
    log.info({ user: command.user_id, processor: parsed.processor, runDate: parsed.runDate, ...triggered }, "run triggered from Slack");
    const announced = await client.chat.postMessage({
      channel: command.channel_id,
      text: `<@${command.user_id}> ${triggered.joined ? "joined the run already in progress" : "started a run"}: *${parsed.processor}* ${parsed.runDate}. The result will follow in this thread.`,
    });
    const threadTs = announced.ts;
    const watching = (async () => {
      const end = await awaitRunEnd(options.queues, options.db, {
        processor: parsed.processor,
        runDate: parsed.runDate,
        jobId: triggered.jobId,
        since,
        ...(options.pollMs ? { pollMs: options.pollMs } : {}),
      });
      await client.chat.postMessage({
        channel: command.channel_id,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: resultText(parsed.processor, parsed.runDate, end),
      });
    })().catch((error: unknown) => log.error({ err: error, jobId: triggered.jobId }, "could not post the run result to Slack"));
    pending.add(watching);
    void watching.finally(() => pending.delete(watching));
  });

  app.error(async (error) => {
    log.error({ err: error }, "slack handler failed");
    return Promise.resolve();
  });

  let url: string | undefined;
  let server: Server | undefined;
  if (receiver) {
    // Bound first: a SLACK_PORT in use is named before Slack is asked anything.
    server = await serveThroughGate(receiver, logger, options);
    const port = (server.address() as AddressInfo).port;
    url = `http://${options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1"}:${port}`;
    const serving = server;
    await verifyBotToken(app, options.slackApiUrl).catch(async (error: unknown) => {
      await new Promise<void>((resolve) => serving.close(() => resolve()));
      throw error;
    });
  } else {
    await verifyBotToken(app, options.slackApiUrl);
    await app.start();
  }
  return {
    url,
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      if (!server) return void (await app.stop());
      const closing = server;
      await new Promise<void>((resolve, reject) => {
        closing.close((error) => (error ? reject(error) : resolve()));
        closing.closeAllConnections();
      });
    },
  };
}

/** An HTTP server that sends each request through the replay gate, then to Bolt's receiver. */
async function serveThroughGate(receiver: HTTPReceiver, logger: ReturnType<typeof boltLogger>, options: SlackBotOptions): Promise<Server> {
  const gate = slackRequestGate({ signingSecret: options.signingSecret, replays: redisReplayMemory(options.queues), logger: options.logger });
  // What Bolt's own server does with a request it cannot take: an unknown path gets 404, anything else 500.
  const dispatchError = (error: unknown, request: IncomingMessage, response: ServerResponse) =>
    HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as Error, logger, request, response });
  const server = createServer((request, response) => {
    gate(request, response).then(
      (pass) => {
        if (!pass) return;
        try {
          receiver.requestListener(request, response);
        } catch (error) {
          dispatchError(error, request, response);
        }
      },
      (error: unknown) => dispatchError(error, request, response),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
