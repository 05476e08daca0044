// What reached the outside world per run: alerts at the SMTP sink and the Slack recorder, and
// report files in the bucket. Every alert's subject ends with "- <processor> - <date>".
import type { SlackRecorder, SmtpSink } from "@recon/notify/testing";
import type { S3TestServer } from "@recon/reports/testing";
import type { RunKey } from "./run-outcomes";

export interface RunDeliveries {
  email: number;
  slack: number;
  /** How many of them are run.failed alerts. */
  failedAlerts: number;
  reportFiles: number;
}

const endsWithRun = (subject: string, run: RunKey): boolean => subject.endsWith(`- ${run.processor} - ${run.date}`);
/** A Slack call's fallback text: the alert's subject. */
const slackText = (body: Record<string, unknown>): string => (typeof body.text === "string" ? body.text : "");

export async function deliveriesOf(run: RunKey, sinks: { smtp: SmtpSink; slack: SlackRecorder; s3: S3TestServer }): Promise<RunDeliveries> {
  const emails = sinks.smtp.messages.filter((message) => endsWithRun(message.subject, run));
  const slacks = sinks.slack.calls.filter((call) => call.method === "chat.postMessage" && endsWithRun(slackText(call.body), run));
  const failed = [...emails.map((m) => m.subject), ...slacks.map((c) => slackText(c.body))].filter((s) => s.includes("Failed"));
  // A sandbox run's reports are kept apart under sandbox/ (the load phase runs a sandbox fleet).
  const files = [
    ...(await sinks.s3.listKeys(`reports/${run.date}/${run.processor}/`)),
    ...(await sinks.s3.listKeys(`sandbox/reports/${run.date}/${run.processor}/`)),
  ];
  return { email: emails.length, slack: slacks.length, failedAlerts: failed.length, reportFiles: files.length };
}

/** The report set of a completed run: the CSV, JSON and HTML reports, the discrepancies CSV and the summary. */
export const REPORT_FILES_PER_RUN = 5;

/** Waits until no alert has arrived for `quietMs`, so "exactly one" is not counted too early. */
export async function untilAlertsQuiet(sinks: { smtp: SmtpSink; slack: SlackRecorder }, quietMs = 5_000, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = sinks.smtp.messages.length + sinks.slack.calls.length;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = sinks.smtp.messages.length + sinks.slack.calls.length;
    if (now !== seen) {
      seen = now;
      since = Date.now();
    }
  }
}
