import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@recon/runtime";
import { HTTPModuleFunctions, isValidSlackRequest } from "@slack/bolt";
import { SIGNATURE_WINDOW_SECONDS, type ReplayMemory } from "./replay-memory";

export interface SlackRequestGateOptions {
  signingSecret: string;
  replays: ReplayMemory;
  logger: Logger;
}

/**
 * What Bolt's own check leaves open, checked before Bolt sees a request: Bolt refuses a bad
 * signature and a timestamp over five minutes old, but accepts the same signed request again and
 * again within those five minutes, and any timestamp in the future (which a captured request
 * would stay valid until). Here a timestamp more than five minutes ahead is refused, and so is a
 * validly signed request whose signature was already accepted once, on any replica.
 *
 * Resolves true when Bolt should handle the request (its body is buffered on it, where Bolt looks
 * first), false when it was answered here. Requests this gate cannot judge (no signature
 * headers, a wrong signature) go on to Bolt, which refuses them or answers ssl_check as before.
 */
export function slackRequestGate(options: SlackRequestGateOptions): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  const log = options.logger.child({ component: "slack-request-gate" });
  const refuse = (response: ServerResponse, status: number, reason: string) => {
    response.writeHead(status, { "content-type": "text/plain" }).end(`${reason}\n`);
    return false;
  };

  return async (request, response) => {
    if (request.method !== "POST") return true;
    const signature = request.headers["x-slack-signature"];
    const timestampHeader = request.headers["x-slack-request-timestamp"];
    if (typeof signature !== "string" || typeof timestampHeader !== "string") return true;
    const timestampSec = Number(timestampHeader);
    const nowMs = Date.now();
    if (timestampSec > Math.floor(nowMs / 1000) + SIGNATURE_WINDOW_SECONDS) {
      log.warn({ timestamp: timestampSec }, "refused a Slack request stamped more than five minutes in the future");
      return refuse(response, 401, "request timestamp is in the future");
    }

    let body: string;
    try {
      body = (await HTTPModuleFunctions.bufferIncomingMessage(request, HTTPModuleFunctions.defaultBodyLimit)).rawBody.toString();
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.type === "entity.too.large";
      return refuse(response, tooLarge ? 413 : 400, tooLarge ? "request body too large" : "request body could not be read");
    }
    const signed = isValidSlackRequest({
      signingSecret: options.signingSecret,
      body,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestampSec },
    });
    if (!signed) return true;

    let first: boolean;
    try {
      first = await options.replays.firstUse(signature, timestampSec, nowMs);
    } catch (error) {
      // Without the memory a replay cannot be told apart: refuse rather than maybe run twice.
      log.error({ err: error }, "could not record a Slack request signature in Redis; refused it");
      return refuse(response, 503, "cannot check for replays right now");
    }
    if (!first) {
      log.warn({ timestamp: timestampSec }, "refused a replayed Slack request (its signature was already accepted)");
      return refuse(response, 401, "request already received (replay)");
    }
    return true;
  };
}
