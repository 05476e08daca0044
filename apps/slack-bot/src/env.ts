import { databaseEnv, fetchEnv, healthEnv, logEnv, redisEnv, slackEnv } from "@recon/runtime";

/** The Slack bot's configuration: Slack credentials, who may trigger runs, Redis, Postgres. */
export const slackBotEnv = databaseEnv
  .extend(redisEnv.shape)
  .extend(logEnv.shape)
  .extend(fetchEnv.shape)
  .extend(healthEnv.shape)
  .extend(slackEnv.shape);

export type SlackBotConfig = ReturnType<typeof slackBotEnv.parse>;

/** Who may trigger runs: anyone in these channels, these users, or members of these user groups. */
export interface SlackAccess {
  channels: ReadonlySet<string>;
  users: ReadonlySet<string>;
  /** User group ids; membership is looked up through Slack's usergroups.users.list. Default none. */
  usergroups?: ReadonlySet<string>;
}

function idList(value: string | undefined): Set<string> {
  return new Set((value ?? "").split(",").map((id) => id.trim()).filter(Boolean));
}

/**
 * The access list from configuration. A bot anyone could use to start runs would be a hole,
 * so at least one channel, user or user group must be named.
 */
export function resolveAccess(
  config: Pick<SlackBotConfig, "SLACK_ALLOWED_CHANNELS" | "SLACK_ALLOWED_USERS"> & { SLACK_ALLOWED_USERGROUPS?: string | undefined },
): SlackAccess {
  const access = {
    channels: idList(config.SLACK_ALLOWED_CHANNELS),
    users: idList(config.SLACK_ALLOWED_USERS),
    usergroups: idList(config.SLACK_ALLOWED_USERGROUPS),
  };
  if (access.channels.size === 0 && access.users.size === 0 && access.usergroups.size === 0) {
    throw new Error(
      "the Slack bot needs SLACK_ALLOWED_CHANNELS, SLACK_ALLOWED_USERS or SLACK_ALLOWED_USERGROUPS: who may trigger runs (comma-separated ids)",
    );
  }
  return access;
}

/** Allowed without asking Slack: the request comes from an allowed channel or user. */
export function mayTrigger(access: SlackAccess, request: { channelId: string; userId: string }): boolean {
  return access.channels.has(request.channelId) || access.users.has(request.userId);
}
