import { emptyKindCounts } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { buildEmailMessage } from "./email-message";
import { buildRunAlert, truncateError } from "./run-alert";
import { buildSlackMessage } from "./slack-message";
import { completedRun } from "./test-fixtures";

describe("buildRunAlert", () => {
  it("uses the legacy subject of the severity the thresholds table gives", () => {
    expect(buildRunAlert(completedRun()).subject).toBe(
      "✅ INFO Daily Reconciliation Report - stripe - 2026-11-24",
    );
    // 6 of 100 missing: d = 0.06 > 0.05 (medium, < 10,000 transactions).
    const medium = buildRunAlert(completedRun({ counts: { ...emptyKindCounts(), missing_in_internal: 6 } }));
    expect(medium.subject).toBe("📊 ATTENTION Daily Reconciliation Report - stripe - 2026-11-24");
    expect(medium.actions).toEqual(["Review during business hours"]);
    const high = buildRunAlert(completedRun({ counts: { ...emptyKindCounts(), missing_in_internal: 11 } }));
    expect(high.subject).toBe("⚠️ HIGH PRIORITY Daily Reconciliation Report - stripe - 2026-11-24");
    expect(high.actions).toEqual(["Review within 2 hours"]);
    const critical = buildRunAlert(
      completedRun({ counts: { ...emptyKindCounts(), missing_in_internal: 21 } }),
    );
    expect(critical.subject).toBe("🚨 CRITICAL Daily Reconciliation Report - stripe - 2026-11-24");
  });

  it("alerts a failed run as critical with its error truncated", () => {
    const alert = buildRunAlert({
      status: "failed",
      runId: "r1",
      processor: "paypal",
      runDate: "2026-11-24",
      error: "x".repeat(2_000),
      sandbox: false,
    });
    expect(alert.subject).toBe("🚨 CRITICAL: Reconciliation Failed - paypal - 2026-11-24");
    expect(alert.severity).toBe("critical");
    expect([...alert.error!]).toHaveLength(500);
    expect(alert.error!.endsWith("…")).toBe(true);
    expect(truncateError("short")).toBe("short");
  });
});

describe("buildSlackMessage", () => {
  it("has severity, counts per kind, money per currency and the report link in Block Kit", () => {
    const message = buildSlackMessage(buildRunAlert(completedRun()));
    expect(message.text).toBe("✅ INFO Daily Reconciliation Report - stripe - 2026-11-24");
    const json = JSON.stringify(message.blocks);
    expect(message.blocks[0]).toMatchObject({ type: "header" });
    expect(json).toContain("LOW");
    expect(json).toContain("missing_in_internal: *3*");
    expect(json).toContain("amount_mismatch: *2*");
    expect(json).toContain("duplicate: *0*");
    expect(json).toContain("12.50 EUR at stake (0.00 EUR missing from the ledger)");
    expect(json).toContain("450.00 USD at stake (300.00 USD missing from the ledger)");
    expect(json).toContain(
      "<https://bucket.example/reports/x.html?X-Amz-Signature=abc&X-Amz-Expires=86400|Open the report>",
    );
  });

  it("escapes a failed run's error for Slack mrkdwn", () => {
    const message = buildSlackMessage(
      buildRunAlert({
        status: "failed",
        runId: "r1",
        processor: "stripe",
        runDate: "2026-11-24",
        error: "bad <@U123> & <!channel>",
        sandbox: false,
      }),
    );
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("bad &lt;@U123&gt; &amp; &lt;!channel&gt;");
    expect(json).not.toContain("<!channel>");
  });
});

describe("buildEmailMessage", () => {
  it("has the subject, a plain-text and an HTML part with the same facts and suggested actions", () => {
    const email = buildEmailMessage(
      buildRunAlert(completedRun({ counts: { ...emptyKindCounts(), missing_in_internal: 21 } })),
    );
    expect(email.subject).toBe("🚨 CRITICAL Daily Reconciliation Report - stripe - 2026-11-24");
    for (const part of [email.text, email.html]) {
      expect(part).toContain("missing_in_internal");
      expect(part).toContain("Immediate action required");
      expect(part).toContain("Contact payment processor");
      expect(part).toContain("Escalate to compliance");
      expect(part).toContain("450.00 USD at stake");
    }
    expect(email.text).toContain(
      "Report (link valid 24 hours): https://bucket.example/reports/x.html?X-Amz-Signature=abc&X-Amz-Expires=86400",
    );
    expect(email.html).toContain(
      'href="https://bucket.example/reports/x.html?X-Amz-Signature=abc&amp;X-Amz-Expires=86400"',
    );
  });

  it("escapes a failed run's error in HTML and keeps it verbatim in plain text", () => {
    const email = buildEmailMessage(
      buildRunAlert({
        status: "failed",
        runId: "r9",
        processor: "square",
        runDate: "2026-11-24",
        error: "<img src=x onerror=alert(1)>",
        sandbox: false,
      }),
    );
    expect(email.subject).toBe("🚨 CRITICAL: Reconciliation Failed - square - 2026-11-24");
    expect(email.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(email.html).not.toContain("<img");
    expect(email.text).toContain("Run id: r9");
    expect(email.text).toContain("<img src=x onerror=alert(1)>");
  });
});

describe("a sandbox run's alert", () => {
  const banner = "SANDBOX: generated data from the built-in emulators (stripe and the ledger), not real money.";

  it("says so first, on every channel, and marks its subject", () => {
    const alert = buildRunAlert(completedRun({ sandbox: true }));
    expect(alert.subject).toBe("[SANDBOX] ✅ INFO Daily Reconciliation Report - stripe - 2026-11-24");
    const email = buildEmailMessage(alert);
    expect(email.subject).toBe(alert.subject);
    expect(email.text.split("\n").slice(0, 3)).toEqual([alert.subject, "", banner]);
    expect(email.html).toContain(`<strong>${banner}</strong>`);
    const slack = buildSlackMessage(alert);
    expect(slack.text).toBe(alert.subject);
    expect(slack.blocks[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: `:test_tube: *${banner}*` } });
  });

  it("marks a failed sandbox run's alert too; a real run's alert carries no banner", () => {
    const failed = buildRunAlert({ status: "failed", runId: "r1", processor: "stripe", runDate: "2026-11-24", error: "boom", sandbox: true });
    expect(failed.subject).toBe("[SANDBOX] 🚨 CRITICAL: Reconciliation Failed - stripe - 2026-11-24");
    expect(buildEmailMessage(failed).text).toContain(banner);
    const real = buildRunAlert(completedRun());
    expect(real.sandboxNotice).toBeUndefined();
    expect(JSON.stringify(buildSlackMessage(real))).not.toContain("SANDBOX");
    expect(buildEmailMessage(real).text).not.toContain("SANDBOX");
  });
});
