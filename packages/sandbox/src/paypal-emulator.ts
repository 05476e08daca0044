import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { faultFor, sendWithTransportFault, type Fault, type RecordCorruptions } from "./faults";
import { bearerToken, closeServer, DEFAULT_HOST, listen, recordingExchanges, sendJson, type Exchange } from "./http-util";
import type { PaypalTransactionDetail } from "./paypal-types";
import { daysCovering, type ScenarioStore } from "./scenario-store";

export interface PaypalEmulatorOptions {
  store: ScenarioStore;
  /** The only client credentials accepted; defaults "sandbox_client_id" / "sandbox_client_secret". */
  clientId?: string;
  clientSecret?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  faults?: Fault[];
  /** Field overrides of `transaction_info`, by transaction id (see RecordCorruptions). */
  corrupt?: RecordCorruptions;
  /** How far behind real time the reporting data is, default 3 hours (PayPal's documented lag). */
  lagSeconds?: number;
  /** A search over more items than this is refused with RESULTSET_TOO_LARGE; default 10000. */
  resultSetCap?: number;
  /** Clock, for tests; default Date.now. */
  now?: () => number;
  /** Keep every request and its reply for the conformance tests (see recordingExchanges); default off. */
  recordExchanges?: boolean;
}

export interface PaypalEmulator {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Requests received so far, token requests and failures included. */
  requestCount: () => number;
  /** Token requests received so far. */
  tokenCount: () => number;
  /** What was asked and answered, when started with recordExchanges (else always empty). */
  exchanges: () => readonly Exchange[];
  /** Invalidates every issued token: the next call gets 401 invalid_token (as after expiry). */
  expireTokens(): void;
  close(): Promise<void>;
}

export const DEFAULT_PAYPAL_CLIENT_ID = "sandbox_client_id";
export const DEFAULT_PAYPAL_CLIENT_SECRET = "sandbox_client_secret";
const MAX_RANGE_MS = 31 * 86_400_000;
/** RFC 3339 with seconds, offset Z, ±HH:MM or ±HHMM. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

interface PaypalErrorBody {
  name: string;
  message: string;
  debug_id: string;
  details?: Array<{ field?: string; value?: string; location?: string; issue: string; description?: string }>;
  links: Array<{ href: string; rel: string }>;
}

class PaypalHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: PaypalErrorBody | { error: string; error_description: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(status.toString());
  }
}

const debugId = (): string => randomBytes(7).toString("hex");

function apiError(
  status: number,
  name: string,
  message: string,
  details?: PaypalErrorBody["details"],
  headers?: Record<string, string>,
): PaypalHttpError {
  return new PaypalHttpError(
    status,
    {
      name,
      message,
      debug_id: debugId(),
      ...(details ? { details } : {}),
      links: [{ href: "https://developer.paypal.com/docs/api/transaction-search/v1/#error-" + name, rel: "information_link" }],
    },
    headers,
  );
}

function invalidRequest(field: string, value: string | null, issue: string, description: string): PaypalHttpError {
  return apiError(400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", [
    { field, ...(value === null ? {} : { value }), location: "query", issue, description },
  ]);
}

/**
 * Emulates PayPal's OAuth token endpoint and Transaction Search (`GET /v1/reporting/transactions`)
 * with page/page_size paging, the 31-day range limit, the reporting lag (400 past
 * last_refreshed_datetime), RESULTSET_TOO_LARGE, and PayPal's 401/429/5xx bodies.
 */
export async function startPaypalEmulator(options: PaypalEmulatorOptions): Promise<PaypalEmulator> {
  const clientId = options.clientId ?? DEFAULT_PAYPAL_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_PAYPAL_CLIENT_SECRET;
  const tokens = new Set<string>();
  let requests = 0;
  let tokenRequests = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests += 1;
    try {
      const body = await readBody(req);
      const fault = faultFor(options.faults, requests);
      if (fault?.type === "rate_limit") {
        throw apiError(429, "RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting.", undefined, {
          "retry-after": String(fault.retryAfterSeconds ?? 1),
        });
      }
      if (fault?.type === "server_error") {
        const status = fault.status ?? 500;
        throw status === 503
          ? apiError(503, "SERVICE_UNAVAILABLE", "Service Unavailable.")
          : apiError(status, "INTERNAL_SERVICE_ERROR", "An internal service error has occurred.");
      }
      const url = new URL(req.url ?? "/", "http://sandbox");
      if (req.method === "POST" && url.pathname === "/v1/oauth2/token") {
        tokenRequests += 1;
        sendWithTransportFault(res, fault, 200, issueToken(req, body, clientId, clientSecret, tokens));
        return;
      }
      if (req.method === "GET" && url.pathname === "/v1/reporting/transactions") {
        authenticate(req, tokens);
        sendWithTransportFault(res, fault, 200, search(url, options), { "paypal-debug-id": debugId() });
        return;
      }
      throw apiError(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.");
    } catch (error) {
      if (error instanceof PaypalHttpError) {
        sendJson(res, error.status, error.body, { "paypal-debug-id": debugId(), ...error.headers });
        return;
      }
      sendJson(res, 500, { name: "INTERNAL_SERVICE_ERROR", message: `sandbox failure: ${(error as Error).message}`, debug_id: debugId(), links: [] });
    }
  };

  const exchanges: Exchange[] = [];
  const server = createServer(recordingExchanges((req, res) => void handle(req, res), options.recordExchanges ? exchanges : undefined));
  const baseUrl = await listen(server, options.host ?? DEFAULT_HOST, options.port ?? 0);
  return {
    baseUrl,
    clientId,
    clientSecret,
    requestCount: () => requests,
    tokenCount: () => tokenRequests,
    exchanges: () => exchanges,
    expireTokens: () => tokens.clear(),
    close: () => closeServer(server),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function issueToken(req: IncomingMessage, body: string, clientId: string, clientSecret: string, tokens: Set<string>): unknown {
  const header = req.headers.authorization ?? "";
  const match = /^Basic\s+(.+)$/i.exec(header);
  const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
  if (decoded !== `${clientId}:${clientSecret}`) {
    throw new PaypalHttpError(401, { error: "invalid_client", error_description: "Client Authentication failed" });
  }
  if (new URLSearchParams(body).get("grant_type") !== "client_credentials") {
    throw new PaypalHttpError(400, { error: "unsupported_grant_type", error_description: "Grant Type is NULL" });
  }
  const token = `A21AA${randomBytes(24).toString("base64url")}`;
  tokens.add(token);
  return {
    scope: "https://uri.paypal.com/services/reporting/search/read",
    access_token: token,
    token_type: "Bearer",
    app_id: "APP-80W284485P519543T",
    expires_in: 32_400,
    nonce: `${new Date().toISOString()}${randomBytes(8).toString("hex")}`,
  };
}

function authenticate(req: IncomingMessage, tokens: Set<string>): void {
  const token = bearerToken(req);
  if (token === null) {
    throw apiError(401, "AUTHENTICATION_FAILURE", "Authentication failed due to invalid authentication credentials or a missing Authorization header.");
  }
  if (!tokens.has(token)) {
    throw new PaypalHttpError(401, { error: "invalid_token", error_description: "Token signature verification failed" });
  }
}

function parseDate(url: URL, name: string): number {
  const raw = url.searchParams.get(name);
  if (raw === null) throw invalidRequest(name, null, "MISSING_REQUIRED_PARAMETER", `${name} is required.`);
  // PayPal writes +0000; Date.parse wants +00:00.
  const ms = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (!RFC3339.test(raw) || Number.isNaN(ms)) {
    throw invalidRequest(name, raw, "INVALID_PARAMETER_SYNTAX", `${name} must be an RFC 3339 date-time with seconds.`);
  }
  return ms;
}

function parseIntParam(url: URL, name: string, min: number, max: number, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw invalidRequest(name, raw, "INVALID_PARAMETER_VALUE", `${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

function search(url: URL, options: PaypalEmulatorOptions): unknown {
  const start = parseDate(url, "start_date");
  const end = parseDate(url, "end_date");
  if (end < start) throw invalidRequest("end_date", url.searchParams.get("end_date"), "INVALID_PARAMETER_VALUE", "end_date must be after start_date.");
  if (end - start > MAX_RANGE_MS) {
    throw invalidRequest("end_date", url.searchParams.get("end_date"), "INVALID_PARAMETER_VALUE", "Date range is greater than 31 days");
  }
  const pageSize = parseIntParam(url, "page_size", 1, 500, 100);
  const page = parseIntParam(url, "page", 1, Number.MAX_SAFE_INTEGER, 1);
  const lastRefreshed = Math.floor(((options.now ?? Date.now)() - (options.lagSeconds ?? 10_800) * 1000) / 1000) * 1000;
  if (start > lastRefreshed) {
    throw apiError(400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", [
      { field: "start_date", value: url.searchParams.get("start_date") ?? "", location: "query", issue: "INVALID_REQUEST", description: "Data for the given start date is not available." },
    ]);
  }
  const status = url.searchParams.get("transaction_status");
  // end_date is inclusive; data after last_refreshed_datetime does not exist yet.
  const upTo = Math.min(end, lastRefreshed);
  const matching: PaypalTransactionDetail[] = [];
  for (const day of daysCovering(start, upTo + 1)) {
    for (const detail of options.store.get("paypal", day).raw.transactions) {
      const at = Date.parse(detail.transaction_info.transaction_initiation_date.replace(/\+0000$/, "Z"));
      if (at < start || at > upTo) continue;
      if (status && detail.transaction_info.transaction_status !== status) continue;
      matching.push(detail);
    }
  }
  matching.sort((a, b) => {
    const x = a.transaction_info;
    const y = b.transaction_info;
    if (x.transaction_initiation_date !== y.transaction_initiation_date) return x.transaction_initiation_date < y.transaction_initiation_date ? -1 : 1;
    return x.transaction_id < y.transaction_id ? -1 : x.transaction_id > y.transaction_id ? 1 : 0;
  });
  if (matching.length > (options.resultSetCap ?? 10_000)) {
    throw apiError(400, "RESULTSET_TOO_LARGE", "Result set size is greater than the maximum limit. Change the filter criteria and try again.");
  }
  const totalPages = Math.max(1, Math.ceil(matching.length / pageSize));
  const served = matching.slice((page - 1) * pageSize, page * pageSize).map((detail) => {
    const patch = options.corrupt?.[detail.transaction_info.transaction_id];
    return patch ? { ...detail, transaction_info: { ...detail.transaction_info, ...patch } } : detail;
  });
  const link = (p: number, rel: string) => {
    const next = new URL(url.toString());
    next.searchParams.set("page", String(p));
    return { href: `${next.pathname}${next.search}`, rel, method: "GET" };
  };
  return {
    transaction_details: served,
    account_number: "SANDBOXACCT01",
    start_date: url.searchParams.get("start_date"),
    end_date: url.searchParams.get("end_date"),
    last_refreshed_datetime: `${new Date(lastRefreshed).toISOString().slice(0, 19)}+0000`,
    page,
    total_items: matching.length,
    total_pages: totalPages,
    links: [link(page, "self"), ...(page < totalPages ? [link(page + 1, "next")] : []), link(totalPages, "last")],
  };
}

