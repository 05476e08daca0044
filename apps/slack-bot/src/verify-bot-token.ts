import type { App } from "@slack/bolt";

/** How long start-up waits for Slack to confirm the bot token before giving up. */
const VERIFY_TIMEOUT_MS = 5_000;

/**
 * Bolt checks the bot token (auth.test) once, when it initialises: run here, at start, and
 * bounded, so that a token Slack refuses, or a Slack API that does not answer, stops the process
 * with one line naming SLACK_BOT_TOKEN or SLACK_API_URL, instead of a bot that looks started and
 * later dies of an unhandled rejection (or waits out the web client's half-hour of retries).
 */
export async function verifyBotToken(app: App, slackApiUrl: string | undefined, timeoutMs = VERIFY_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const where = slackApiUrl ?? "Slack's API";
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Slack did not confirm SLACK_BOT_TOKEN within ${timeoutMs} ms: auth.test at ${where} (SLACK_API_URL) did not answer`)), timeoutMs);
  });
  try {
    await Promise.race([app.init(), timedOut]);
  } catch (error) {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    if (typeof code === "string") throw new Error(`Slack refused SLACK_BOT_TOKEN: auth.test answered "${code}"`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
