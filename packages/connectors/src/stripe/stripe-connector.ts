import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import Stripe from "stripe";
import type { FetchPage, FetchWindow, ProcessorConnector } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { parseRetryAfter, RateLimitedError } from "../rate-limited-error";
import type { RequestGate } from "../request-gate";
import { normalizeStripeBalanceTransaction } from "./stripe-normalize";

export interface StripeConnectorOptions {
  apiKey: string;
  /** Another API origin such as the sandbox's "http://127.0.0.1:1234"; default Stripe's own. */
  apiBase?: string;
  /** SDK retries of connection errors, 409 and 5xx; default 2. */
  maxNetworkRetries?: number;
  /** Per-request timeout, default 30000 ms. */
  timeoutMs?: number;
  /** Records per request, 1..100, default 100 (Stripe's largest list page). */
  pageSize?: number;
  /** Awaited before every request, retries included: the fleet's request rate limit (RequestGate). */
  gate?: RequestGate;
}

/** Stripe's largest list page; a yielded page is one HTTP request's. */
const MAX_PAGE_SIZE = 100;

/**
 * Stripe through the official SDK: balance transactions created in the window, newest first,
 * with `data.source` expanded so each record carries its charge (order id, payment intent).
 */
export function createStripeConnector(options: StripeConnectorOptions): ProcessorConnector {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new RangeError(`pageSize ${pageSize}: Stripe's list limit is an integer from 1 to ${MAX_PAGE_SIZE}`);
  const stripe = new Stripe(options.apiKey, {
    ...hostConfig(options.apiBase),
    ...(options.gate ? { httpClient: gatedHttpClient(options.gate) } : {}),
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 30_000,
  });
  return {
    processor: "stripe",
    async *fetch(window: FetchWindow): AsyncGenerator<FetchPage<ProcessorTransaction>> {
      // created is whole seconds: [start, end) in ms is [ceil(start), ceil(end)) in seconds.
      const list = stripe.balanceTransactions.list({
        created: { gte: Math.ceil(window.start.getTime() / 1000), lt: Math.ceil(window.end.getTime() / 1000) },
        limit: pageSize,
        expand: ["data.source"],
      });
      let records: ProcessorTransaction[] = [];
      let rejected: RejectedRecordInput[] = [];
      try {
        for await (const item of list) {
          const result = normalizeStripeBalanceTransaction(item);
          if (result.ok) records.push(result.record);
          else rejected.push(result.rejected);
          if (records.length + rejected.length === pageSize) {
            yield { records, rejected };
            records = [];
            rejected = [];
          }
        }
      } catch (error) {
        throw toConnectorError(error);
      }
      if (records.length + rejected.length > 0) yield { records, rejected };
    },
  };
}

/**
 * The SDK's own Node HTTP client behind the gate: the SDK calls makeRequest for every attempt,
 * its retries included, and starts the request's timeout only inside it.
 */
function gatedHttpClient(gate: RequestGate): Stripe.HttpClient {
  const inner = Stripe.createNodeHttpClient();
  return {
    getClientName: () => inner.getClientName(),
    async makeRequest(...args: Parameters<Stripe.HttpClient["makeRequest"]>) {
      await gate();
      return inner.makeRequest(...args);
    },
  };
}

function hostConfig(apiBase: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

/**
 * Auth, permission and request errors cannot be fixed by a retry, so they become permanent;
 * rate limits, 5xx and network errors are rethrown for the queue's backoff. Stripe's own message
 * is not copied for auth failures because it echoes part of the key.
 */
function toConnectorError(error: unknown): unknown {
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return new PermanentConnectorError("STRIPE_API_KEY was rejected by Stripe (401)", { cause: error });
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return new PermanentConnectorError("STRIPE_API_KEY may not list balance transactions (403)", { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError && error.statusCode === 429) {
    // The SDK does not retry Stripe's 429 (no Stripe-Should-Retry) and ignores Retry-After: we pass it on.
    const header = (error.headers as Record<string, string | undefined> | undefined)?.["retry-after"];
    return new RateLimitedError(`Stripe rate limit reached (429 ${error.code ?? "rate_limit"})`, parseRetryAfter(header), { cause: error });
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    return new PermanentConnectorError(`Stripe refused the request (${error.statusCode ?? 400}): ${error.message}`, {
      cause: error,
    });
  }
  return error;
}
