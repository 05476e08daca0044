import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { todayUtc } from "@recon/domain";
import { faultFor, retryAfterHeader, sendWithTransportFault, type Fault, type RecordCorruptions } from "./faults";
import { bearerToken, closeServer, DEFAULT_HOST, listen, recordingExchanges, sendJson, type Exchange } from "./http-util";
import type { ScenarioStore } from "./scenario-store";
import { BALANCE_TRANSACTIONS_URL, listBalanceTransactions } from "./stripe-balance-listing";
import { StripeHttpError } from "./stripe-errors";

export interface StripeEmulatorOptions {
  store: ScenarioStore;
  /** The only key accepted, default "sk_test_sandbox". */
  apiKey?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /**
   * Days served when a request leaves `created` open on either side (Stripe would list the
   * whole account; the emulator has no "whole"). Default: today UTC.
   */
  defaultDates?: string[];
  faults?: Fault[];
  /** Field overrides by balance transaction id (see RecordCorruptions). */
  corrupt?: RecordCorruptions;
  /** Keep every request and its reply for the conformance tests (see recordingExchanges); default off. */
  recordExchanges?: boolean;
}

export interface StripeEmulator {
  baseUrl: string;
  apiKey: string;
  /** Requests received so far, every path and outcome included. */
  requestCount: () => number;
  /** What was asked and answered, when started with recordExchanges (else always empty). */
  exchanges: () => readonly Exchange[];
  close(): Promise<void>;
}

export const DEFAULT_STRIPE_API_KEY = "sk_test_sandbox";

/**
 * Emulates the part of Stripe's API the connector uses: `GET /v1/balance_transactions` (see
 * stripe-balance-listing.ts) behind Stripe's bearer-key check, with Stripe's error bodies for
 * 400, 401, 404, 429 and 5xx and the faults a test plans.
 */
export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  const apiKey = options.apiKey ?? DEFAULT_STRIPE_API_KEY;
  let requests = 0;
  let requestIds = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requests += 1;
    const requestId = `req_sandbox${(requestIds += 1).toString().padStart(8, "0")}`;
    try {
      const fault = faultFor(options.faults, requests);
      if (fault?.type === "rate_limit" || fault?.type === "server_error") throw faultError(fault);
      authenticate(req, apiKey);
      const url = new URL(req.url ?? "/", "http://sandbox");
      if (req.method !== "GET" || url.pathname !== BALANCE_TRANSACTIONS_URL) {
        throw new StripeHttpError(404, {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${req.method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        });
      }
      const listing = { store: options.store, defaultDates: options.defaultDates ?? [todayUtc()], corrupt: options.corrupt };
      sendWithTransportFault(res, fault, 200, listBalanceTransactions(url.searchParams, listing), { "request-id": requestId });
    } catch (error) {
      if (error instanceof StripeHttpError) {
        sendJson(res, error.status, { error: error.body }, {
          "request-id": requestId,
          ...error.headers,
        });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, { error: { type: "api_error", message: `sandbox failure: ${message}` } }, { "request-id": requestId });
    }
  };

  const exchanges: Exchange[] = [];
  const server = createServer(recordingExchanges(handle, options.recordExchanges ? exchanges : undefined));
  const baseUrl = await listen(server, options.host ?? DEFAULT_HOST, options.port ?? 0);
  return { baseUrl, apiKey, requestCount: () => requests, exchanges: () => exchanges, close: () => closeServer(server) };
}

function faultError(fault: Extract<Fault, { type: "rate_limit" | "server_error" }>): StripeHttpError {
  if (fault.type === "rate_limit") {
    // Stripe's real 429: type invalid_request_error with code rate_limit; no Stripe-Should-Retry,
    // so the SDK does not retry it on its own (the fetch job does). Retry-After unless the fault
    // says null: Stripe does not document one, so the fetch job must cope without it.
    return new StripeHttpError(
      429,
      {
        type: "invalid_request_error",
        code: "rate_limit",
        message:
          "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.",
        doc_url: "https://stripe.com/docs/error-codes/rate-limit",
      },
      retryAfterHeader(fault),
    );
  }
  return new StripeHttpError(fault.status ?? 500, {
    type: "api_error",
    message: "An unknown error occurred. Please try again later.",
  });
}

function authenticate(req: IncomingMessage, apiKey: string): void {
  const given = bearerToken(req);
  if (given === null) {
    throw new StripeHttpError(401, {
      type: "invalid_request_error",
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    });
  }
  if (given !== apiKey) {
    throw new StripeHttpError(401, {
      type: "invalid_request_error",
      message: `Invalid API Key provided: ${maskKey(given)}`,
    });
  }
}

/** Stripe echoes a rejected key with all but its prefix and last four characters starred. */
function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? "";
  const rest = key.slice(prefix.length);
  const tail = rest.length > 4 ? rest.slice(-4) : "";
  return `${prefix}${"*".repeat(Math.max(rest.length - tail.length, 0))}${tail}`;
}

