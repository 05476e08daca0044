import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eventually } from "@recon/testing";

export interface RecordedSlackCall {
  method: string;
  authorization: string | undefined;
  /** The form or JSON body, decoded; `blocks` arrives JSON-encoded in form posts and is parsed back. */
  body: Record<string, unknown>;
}

/**
 * A local stand-in for the Slack Web API on 127.0.0.1: answers every `POST /api/<method>` with
 * `{ok: true}` (chat.postMessage with a ts) and records the call. Point SLACK_API_URL at `apiUrl`.
 */
export interface SlackRecorder {
  apiUrl: string;
  calls: RecordedSlackCall[];
  /** The next `n` calls answer HTTP 500 (to exercise retries). */
  failNext(n: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<RecordedSlackCall[]>;
  close(): Promise<void>;
}

export async function startSlackRecorder(): Promise<SlackRecorder> {
  const calls: RecordedSlackCall[] = [];
  let failures = 0;
  let ts = 1_700_000_000;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (failures > 0) {
        failures -= 1;
        response.writeHead(500).end();
        return;
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      const type = request.headers["content-type"] ?? "";
      const body: Record<string, unknown> = type.includes("json")
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw));
      if (typeof body.blocks === "string") body.blocks = JSON.parse(body.blocks);
      const method = (request.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
      calls.push({ method, authorization: request.headers.authorization, body });
      ts += 1;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: true, channel: body.channel, ts: `${ts}.000100` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    failNext(n) {
      failures = n;
    },
    async waitFor(count, timeoutMs = 30_000) {
      await eventually(`the Slack recorder to receive ${count} calls`, () => calls.length >= count, { timeoutMs });
      return calls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
