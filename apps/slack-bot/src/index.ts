export { startSlackBot, type SlackBotOptions, type StartedSlackBot } from "./start-slack-bot";
export { parseReconcileCommand, helpText, type ReconcileCommand } from "./parse-command";
export { slackBotEnv, resolveAccess, mayTrigger, type SlackAccess, type SlackBotConfig } from "./env";
