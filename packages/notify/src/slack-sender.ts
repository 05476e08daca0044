import { WebClient } from "@slack/web-api";
import type { SlackMessage } from "./slack-message";

/** Slack Web API settings. */
export interface SlackSenderOptions {
  token: string;
  channel: string;
  /** Web API base URL with trailing slash. Default: Slack's own (https://slack.com/api/). */
  apiUrl?: string | undefined;
  /** How many times the client itself retries a failed call before the job's retry takes over. Default 2. */
  retries?: number;
}

export interface SlackSender {
  /** Posts the message; resolves to Slack's message timestamp. */
  send(message: SlackMessage): Promise<string>;
}

export function createSlackSender(options: SlackSenderOptions): SlackSender {
  const client = new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // The SDK's default retries for minutes; a BullMQ job should fail soon and retry with backoff.
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    timeout: 15_000,
  });
  return {
    async send(message) {
      const result = await client.chat.postMessage({
        channel: options.channel,
        text: message.text,
        blocks: message.blocks as never,
      });
      return result.ts ?? "";
    },
  };
}
