import { describe, expect, it } from "vitest";
import { checkFleetConfig } from "./config-checks";

describe("checkFleetConfig", () => {
  it("accepts pairs set together or not at all", () => {
    expect(() => checkFleetConfig({})).not.toThrow();
    expect(() => checkFleetConfig({ PAYPAL_CLIENT_ID: "i", PAYPAL_CLIENT_SECRET: "s", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" })).not.toThrow();
    expect(() => checkFleetConfig({ SLACK_BOT_TOKEN: "xoxb" })).not.toThrow();
  });

  it("names every missing half in one message", () => {
    expect(() => checkFleetConfig({ PAYPAL_CLIENT_ID: "i", S3_SECRET_ACCESS_KEY: "s", ALERT_EMAIL_TO: "ops@x", SLACK_CHANNEL: "#c" })).toThrow(
      "invalid configuration: PAYPAL_CLIENT_SECRET is missing (PayPal needs all of PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET); S3_ACCESS_KEY_ID is missing (set both, or neither for the AWS default chain); " +
        "SMTP_URL is missing (email alerts need both); SLACK_BOT_TOKEN is missing (Slack alerts to SLACK_CHANNEL need it)",
    );
  });
});
