// `recon run` (workers in-process) returns only when every consequence of its runs is done: the
// reports stored and the alerts delivered on every channel. The real CLI process, real Postgres
// and Redis, S3 (s3rver), SMTP (smtp-server) and Slack (local recorder) on loopback. Every
// assertion on the sink and the recorder is made the moment the command returns, without waiting.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFleet, type TestFleet } from "./test-fleet";
import { runCli } from "./testing/cli-process";

interface RunJson {
  processor: string;
  status: string;
  reports: Record<string, string>;
  report: { status: string; location?: string };
  alert: { event: string; status: string; channels: Record<string, string> };
}

let fleet: TestFleet;
let emulators: Sandbox;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  fleet = await startTestFleet("whole-job");
  // A real fleet: every source has credentials, pointing at emulators this test starts.
  emulators = await startSandbox({ runDates: ["2025-10-09"] });
  env = {
    ...process.env,
    ...fleet.env,
    STRIPE_API_KEY: emulators.stripe.apiKey,
    STRIPE_API_BASE: emulators.stripe.baseUrl,
    PAYPAL_CLIENT_ID: emulators.paypal.clientId,
    PAYPAL_CLIENT_SECRET: emulators.paypal.clientSecret,
    PAYPAL_API_BASE: emulators.paypal.baseUrl,
    SQUARE_ACCESS_TOKEN: emulators.square.accessToken,
    SQUARE_API_BASE: emulators.square.baseUrl,
    INTERNAL_API_URL: emulators.ledger.baseUrl,
    INTERNAL_API_TOKEN: emulators.ledger.token,
    HEALTH_PORT: "0",
  };
});

afterAll(async () => {
  await emulators?.close();
  await fleet?.close();
});

const PROCESSORS = ["stripe", "paypal", "square"] as const;

describe("recon run returns when the whole job is done", () => {
  it("three processors: returns after three emails and three Slack messages, with the reports in the bucket, and --json lists them", async () => {
    const date = "2025-10-09";
    const result = await runCli(["run", "--processors", PROCESSORS.join(","), "--date", date, "--json"], env);
    // Read before anything else can happen: these are what had arrived when the command returned.
    const mails = fleet.smtp.messages.map((message) => message.subject);
    const slackTexts = fleet.slack.calls.map((call) => JSON.stringify(call.body));
    expect(result.code, result.stderr).toBe(0);

    expect(mails).toHaveLength(3);
    expect(slackTexts).toHaveLength(3);
    for (const processor of PROCESSORS) {
      expect(mails.filter((subject) => subject.includes(` - ${processor} - ${date}`))).toHaveLength(1);
      expect(slackTexts.filter((text) => text.includes(processor))).toHaveLength(1);
    }

    const keys = await fleet.s3.listKeys(`reports/${date}/`);
    expect(keys).toHaveLength(15);

    const { runs } = JSON.parse(result.stdout) as { runs: RunJson[] };
    expect(runs.map((run) => run.processor)).toEqual([...PROCESSORS]);
    for (const run of runs) {
      const prefix = `reports/${date}/${run.processor}/`;
      expect(run.status).toBe("completed");
      expect(run.report).toEqual({ status: "stored", location: `s3://${fleet.s3.bucket}/${prefix}` });
      expect(Object.values(run.reports).map((uri) => uri.replace(`s3://${fleet.s3.bucket}/`, "")).sort()).toEqual(
        keys.filter((key) => key.startsWith(prefix)),
      );
      expect(run.alert).toMatchObject({ event: "run.completed", status: "delivered", channels: { email: "delivered", slack: "delivered" } });
    }
  });

  it("two consecutive single-processor runs each send their own alert, not the previous one's", async () => {
    for (const [processor, date] of [["paypal", "2025-10-10"], ["square", "2025-10-11"]] as const) {
      const before = { mail: fleet.smtp.messages.length, slack: fleet.slack.calls.length };
      const result = await runCli(["run", "--processors", processor, "--date", date], env);
      const mails = fleet.smtp.messages.slice(before.mail).map((message) => message.subject);
      const slack = fleet.slack.calls.slice(before.slack).map((call) => JSON.stringify(call.body));
      expect(result.code, result.stderr).toBe(0);
      expect(mails).toEqual([expect.stringContaining(` - ${processor} - ${date}`)]);
      expect(slack).toHaveLength(1);
      expect(slack[0]).toContain(date);
      // The terminal result says where the reports are and which alerts went out.
      expect(result.stdout).toContain(
        `${processor}: reports in s3://${fleet.s3.bucket}/reports/${date}/${processor}/; alert (run.completed): email delivered, slack delivered`,
      );
    }
  });

  it("a failed run's alert goes out before the command returns, and the result says so", async () => {
    // A ledger API that rejects the token: a permanent error, so the run fails at once.
    const ledger = await startRejectingLedger();
    try {
      const date = "2025-10-12";
      const before = fleet.smtp.messages.length;
      const result = await runCli(["run", "--processors", "stripe", "--date", date, "--json"], {
        ...env,
        INTERNAL_API_URL: ledger.url,
        INTERNAL_API_TOKEN: "rejected",
      });
      const mails = fleet.smtp.messages.slice(before).map((message) => message.subject);
      expect(result.code).toBe(1);
      expect(mails).toEqual([`🚨 CRITICAL: Reconciliation Failed - stripe - ${date}`]);
      const { runs } = JSON.parse(result.stdout) as { runs: RunJson[] };
      expect(runs[0]).toMatchObject({
        status: "failed",
        report: { status: "none" },
        alert: { event: "run.failed", status: "delivered", channels: { email: "delivered", slack: "delivered" } },
      });
    } finally {
      await ledger.close();
    }
  });
});

/** An HTTP server that answers every request 401, like a ledger API refusing the token. */
async function startRejectingLedger(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(401, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "invalid token" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
