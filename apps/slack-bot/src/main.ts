// slack-bot: `/reconcile <processor> [YYYY-MM-DD]` and `/reconcile status` for operators.
import { PROCESSORS } from "@recon/domain";
import { connectBesideFleet, serveBesideFleet } from "@recon/fleet";
import { createLogger, describeListenError, parseEnv, runMain } from "@recon/runtime";
import { resolveAccess, slackBotEnv } from "./env";
import { startSlackBot } from "./start-slack-bot";

await runMain("slack-bot", async () => {
  const config = parseEnv(slackBotEnv);
  const access = resolveAccess(config);
  if (config.SLACK_SOCKET_MODE && !config.SLACK_APP_TOKEN) throw new Error("SLACK_SOCKET_MODE needs SLACK_APP_TOKEN (an xapp- token)");
  const logger = createLogger({ name: "slack-bot", level: config.LOG_LEVEL });

  const { db, connection, queues } = await connectBesideFleet("slack-bot", config, logger);

  const bot = await startSlackBot({
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_BOT_TOKEN,
    slackApiUrl: config.SLACK_API_URL,
    access,
    processors: PROCESSORS,
    queues,
    db,
    logger,
    slices: config.FETCH_SLICES,
    port: config.SLACK_PORT,
    ...(config.SLACK_SOCKET_MODE && config.SLACK_APP_TOKEN ? { socketMode: { appToken: config.SLACK_APP_TOKEN } } : {}),
  }).catch((error: unknown) => {
    throw describeListenError(error, "SLACK_PORT", config.SLACK_PORT);
  });
  const health = await serveBesideFleet({ app: "slack-bot", server: bot, queues, connection, db, logger, healthPort: config.HEALTH_PORT });
  logger.info({ url: bot.url ? `${bot.url}/slack/events` : "socket mode", health: health.url }, "slack bot started");
});
