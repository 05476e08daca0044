import { processorModules } from "@recon/sources";

/**
 * A processor whose credentials are several settings (PayPal's id and secret) needs all of them:
 * part of a set is a mistake, never a request to skip the processor.
 */
const CREDENTIAL_SETS = processorModules
  .filter((module) => module.credentials.length > 1)
  .map((module) => ({ names: module.credentials, what: `${module.title} needs all of ${module.credentials.join(", ")}` }));

/** Settings that only work together: half of a pair is a mistake, never a request for the default. */
const PAIRS = [
  // Without both, the AWS SDK would silently fall back to its default credential chain.
  { names: ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"], what: "set both, or neither for the AWS default chain" },
  // Without both, email alerts would silently not be sent.
  { names: ["SMTP_URL", "ALERT_EMAIL_TO"], what: "email alerts need both" },
] as const;

type PairedSettings = Partial<Record<(typeof PAIRS)[number]["names"][number] | "SLACK_CHANNEL" | "SLACK_BOT_TOKEN", string | undefined>> &
  Readonly<Record<string, unknown>>;

/**
 * Checks the parsed fleet configuration for half-set pairs before anything connects, so a
 * mistake stops the process at once with every missing variable named.
 */
export function checkFleetConfig(config: PairedSettings): void {
  const problems: string[] = [];
  for (const { names, what } of CREDENTIAL_SETS) {
    const missing = names.filter((name) => !config[name]);
    if (missing.length > 0 && missing.length < names.length) problems.push(`${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing (${what})`);
  }
  for (const { names, what } of PAIRS) {
    const [a, b] = names;
    if (Boolean(config[a]) !== Boolean(config[b])) problems.push(`${config[a] ? b : a} is missing (${what})`);
  }
  // SLACK_BOT_TOKEN alone is fine (the slack-bot's token may be shared); a channel without it is not.
  if (config.SLACK_CHANNEL && !config.SLACK_BOT_TOKEN) problems.push("SLACK_BOT_TOKEN is missing (Slack alerts to SLACK_CHANNEL need it)");
  if (problems.length > 0) throw new Error(`invalid configuration: ${problems.join("; ")}`);
}
