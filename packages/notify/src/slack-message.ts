import { DISCREPANCY_KINDS } from "@recon/domain";
import { moneyLines } from "./money-lines";
import type { RunAlert } from "./run-alert";

/** Slack's own escaping for mrkdwn text: only &, < and > (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const SEVERITY_EMOJI = {
  critical: ":rotating_light:",
  high: ":warning:",
  medium: ":bar_chart:",
  low: ":white_check_mark:",
} as const;

/** A Block Kit block; typed loosely on purpose (Slack validates them, the test recorder checks them). */
export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** Fallback text for notifications and clients without blocks: the legacy subject. */
  text: string;
  blocks: SlackBlock[];
}

const section = (text: string): SlackBlock => ({ type: "section", text: { type: "mrkdwn", text } });

/**
 * The chat.postMessage body: header with the legacy subject, severity, counts per kind, money at
 * stake per currency, suggested actions, and the report link. Every value from data is escaped.
 */
export function buildSlackMessage(alert: RunAlert): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: alert.subject.slice(0, 150), emoji: true } },
    ...(alert.sandboxNotice ? [section(`:test_tube: *${escapeSlack(alert.sandboxNotice)}*`)] : []),
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Severity*\n${SEVERITY_EMOJI[alert.severity]} ${alert.severity.toUpperCase()}`,
        },
        {
          type: "mrkdwn",
          text: `*Run*\n${escapeSlack(alert.processor)} ${alert.runDate} (\`${alert.runId}\`)`,
        },
      ],
    },
  ];
  if (alert.status === "failed") {
    blocks.push(section(`*Error*\n\`\`\`${escapeSlack(alert.error ?? "")}\`\`\``));
  } else {
    const counts = alert.counts!;
    const countLines = DISCREPANCY_KINDS.map((kind) => `${kind}: *${counts[kind]}*`);
    blocks.push(section(`*Discrepancies by kind*\n${countLines.join("\n")}`));
    const money = moneyLines(alert.totalsByCurrency);
    blocks.push(
      section(`*Money at stake*\n${money.length > 0 ? money.map(escapeSlack).join("\n") : "none"}`),
    );
    if (alert.reportUrl) {
      blocks.push(section(`*Report*\n<${alert.reportUrl}|Open the report> (link valid 24 hours)`));
    } else if (alert.reportNote) {
      blocks.push(section(`*Report*\n${escapeSlack(alert.reportNote)}`));
    }
  }
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `Suggested: ${alert.actions.map(escapeSlack).join(" · ")}` }],
  });
  return { text: alert.subject, blocks };
}
