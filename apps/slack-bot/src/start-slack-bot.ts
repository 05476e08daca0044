import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { requestRun } from "@recon/fleet";
import { App } from "@slack/bolt";
import type { Db } from "@recon/db";
import { todayUtc, type Processor } from "@recon/domain";
import type { QueueSet } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import { awaitRunEnd } from "./await-run-end";
import { boltLogger } from "./bolt-logger";
import { mayTrigger, type SlackAccess } from "./env";
import { resultText, statusText } from "./messages";
import { helpText, parseReconcileCommand } from "./parse-command";
import { usergroupMembership } from "./usergroup-members";

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
 * signature and timestamp (a bad signature or a timestamp over five minutes old gets 401). The
 * command is acknowledged before any Redis or Postgres work so Slack's 3-second limit holds; the
 * run is then enqueued (joining one already in flight) and its result posted in a thread under
 * the announcement when it ends.
 */
export async function startSlackBot(options: SlackBotOptions): Promise<StartedSlackBot> {
  const log = options.logger.child({ component: "slack-bot" });
  const pending = new Set<Promise<void>>();
  const app = new App({
    token: options.botToken,
    signingSecret: options.signingSecret,
    logger: boltLogger(options.logger),
    ...(options.slackApiUrl ? { clientOptions: { slackApiUrl: options.slackApiUrl } } : {}),
    ...(options.socketMode ? { socketMode: true, appToken: options.socketMode.appToken } : {}),
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
  if (options.socketMode) {
    await app.start();
  } else {
    const server = (await app.start({ port: options.port, host: options.host ?? "0.0.0.0" })) as Server;
    const port = (server.address() as AddressInfo).port;
    url = `http://${options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1"}:${port}`;
  }
  return {
    url,
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      await app.stop();
    },
  };
}
