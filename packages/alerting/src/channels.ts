import type { FleetConfig } from "@recon/fleet";
import {
  buildEmailMessage,
  buildSlackMessage,
  createEmailSender,
  createSlackSender,
  parseRecipients,
  type RunAlert,
} from "@recon/notify";

/** One way of telling people; `send` must throw when the provider did not accept the message. */
export interface AlertChannel {
  /** Stable name: part of the per-channel "sent" marker, so never rename one. */
  name: "email" | "slack";
  send(alert: RunAlert, eventId: string): Promise<void>;
  close(): void;
}

/** The channels the configuration enables: email with SMTP_URL + ALERT_EMAIL_TO, Slack with SLACK_BOT_TOKEN + SLACK_CHANNEL. */
export function alertChannelsFromConfig(config: FleetConfig): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (config.SMTP_URL && config.ALERT_EMAIL_TO) {
    const email = createEmailSender({
      smtpUrl: config.SMTP_URL,
      from: config.ALERT_EMAIL_FROM,
      to: parseRecipients(config.ALERT_EMAIL_TO),
    });
    channels.push({
      name: "email",
      // Deterministic Message-ID per event: a resend after a crash is the same message to mail systems.
      send: (alert, eventId) => email.send(buildEmailMessage(alert), `<${eventId}.alert@recon>`),
      close: () => email.close(),
    });
  }
  if (config.SLACK_BOT_TOKEN && config.SLACK_CHANNEL) {
    const slack = createSlackSender({
      token: config.SLACK_BOT_TOKEN,
      channel: config.SLACK_CHANNEL,
      apiUrl: config.SLACK_API_URL,
    });
    channels.push({
      name: "slack",
      send: async (alert) => {
        await slack.send(buildSlackMessage(alert));
      },
      close: () => undefined,
    });
  }
  return channels;
}
