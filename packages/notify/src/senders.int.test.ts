// The senders against real loopback servers: an SMTP server and a recorder of Slack Web API calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEmailMessage } from "./email-message";
import { createEmailSender, parseRecipients } from "./email-sender";
import { buildRunAlert } from "./run-alert";
import { buildSlackMessage } from "./slack-message";
import { createSlackSender } from "./slack-sender";
import { completedRun } from "./test-fixtures";
import { startSlackRecorder, startSmtpSink, type SlackRecorder, type SmtpSink } from "./testing";

let smtp: SmtpSink;
let slack: SlackRecorder;

beforeAll(async () => {
  smtp = await startSmtpSink();
  slack = await startSlackRecorder();
});

afterAll(async () => {
  await smtp?.close();
  await slack?.close();
});

describe("senders", () => {
  it("emails through SMTP with the subject, both parts and the Message-ID we chose", async () => {
    const sender = createEmailSender({
      smtpUrl: smtp.url,
      from: "recon@example.com",
      to: parseRecipients("ops@example.com, fin@example.com"),
    });
    await sender.send(buildEmailMessage(buildRunAlert(completedRun())), "<evt-1.email@recon>");
    sender.close();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe("✅ INFO Daily Reconciliation Report - stripe - 2026-11-24");
    expect(mail!.to).toEqual(["ops@example.com", "fin@example.com"]);
    expect(mail!.text).toContain("No immediate action required");
    expect(mail!.html).toContain("<table>");
    expect(mail!.messageId).toBe("<evt-1.email@recon>");
  });

  it("posts chat.postMessage with the token, channel and blocks, retrying a 500 once", async () => {
    slack.failNext(1);
    const sender = createSlackSender({
      token: "xoxb-test",
      channel: "#recon",
      apiUrl: slack.apiUrl,
      retries: 2,
    });
    const ts = await sender.send(buildSlackMessage(buildRunAlert(completedRun())));
    expect(ts).toMatch(/^\d+\.\d+$/);
    expect(slack.calls).toHaveLength(1);
    const [call] = slack.calls;
    expect(call!.method).toBe("chat.postMessage");
    expect(call!.authorization).toBe("Bearer xoxb-test");
    expect(call!.body.channel).toBe("#recon");
    expect(JSON.stringify(call!.body.blocks)).toContain("missing_in_internal: *3*");
  });

  it("refuses an empty recipient list", () => {
    expect(() => parseRecipients(" , ")).toThrow("ALERT_EMAIL_TO has no recipient");
  });
});
