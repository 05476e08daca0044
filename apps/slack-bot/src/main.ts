// slack-bot: `/reconcile <processor> [YYYY-MM-DD]` and `/reconcile status` for operators.
import { PROCESSORS } from "@recon/domain";
import { connectBesideFleet, runApp } from "@recon/fleet";
import { describeListenError } from "@recon/runtime";
import { resolveAccess, slackBotEnv } from "./env";
import { startSlackBot } from "./start-slack-bot";

await runApp({
  name: "slack-bot",
  // Who may trigger runs, and socket mode's token, are checked with the rest of the configuration, before connecting.
  env: slackBotEnv.transform((config) => {
    if (config.SLACK_SOCKET_MODE && !config.SLACK_APP_TOKEN)
      throw new Error("SLACK_SOCKET_MODE needs SLACK_APP_TOKEN (an xapp- token)");
    return { ...config, access: resolveAccess(config) };
  }),
  // It enqueues runs; the workers' processes export the queue depths.
  watchQueues: false,
  connect: connectBesideFleet,
  async start({ db, queues }, config, logger) {
    const bot = await startSlackBot({
      signingSecret: config.SLACK_SIGNING_SECRET,
      botToken: config.SLACK_BOT_TOKEN,
      slackApiUrl: config.SLACK_API_URL,
      access: config.access,
      processors: PROCESSORS,
      queues,
      db,
      logger,
      slices: config.FETCH_SLICES,
      port: config.SLACK_PORT,
      ...(config.SLACK_SOCKET_MODE && config.SLACK_APP_TOKEN
        ? { socketMode: { appToken: config.SLACK_APP_TOKEN } }
        : {}),
    }).catch((error: unknown) => {
      throw describeListenError(error, "SLACK_PORT", config.SLACK_PORT);
    });
    return {
      running: [{ name: "slack-bot", stop: () => bot.close() }],
      log: { url: bot.url ? `${bot.url}/slack/events` : "socket mode" },
    };
  },
});
