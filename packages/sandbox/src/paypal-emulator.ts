import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { faultFor, sendWithTransportFault, type Fault, type RecordCorruptions } from "./faults";
import { bearerToken, closeServer, DEFAULT_HOST, listen, recordingExchanges, sendJson, type Exchange } from "./http-util";
import {
  authenticationFailure,
  debugId,
  internalServerError,
  invalidRequest,
  oauthError,
  PaypalHttpError,
  rateLimitReached,
  resourceNotFound,
  resultSetTooLarge,
  serviceUnavailable,
} from "./paypal-error-bodies";
import { paypalDateTime } from "./paypal-scenario";
import { readSearchQuery, type PaypalSearchQuery } from "./paypal-search-query";
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
  /**
   * Transactions listed twice, by id: the second listing comes right after the first, with these
   * `transaction_info` overrides (`{}` = an identical copy). PayPal's reporting ids are not unique
   * ("the response can list two transactions with the same ID"), and a page shift between two
   * requests repeats a record; served whatever the query asks, to test a client's guard.
   */
  duplicates?: RecordCorruptions;
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
  /** Invalidates every issued token: the next search gets 401 AUTHENTICATION_FAILURE (as after expiry). */
  expireTokens(): void;
  close(): Promise<void>;
}

export const DEFAULT_PAYPAL_CLIENT_ID = "sandbox_client_id";
export const DEFAULT_PAYPAL_CLIENT_SECRET = "sandbox_client_secret";

/**
 * Emulates PayPal's OAuth token endpoint and Transaction Search (`GET /v1/reporting/transactions`)
 * as PayPal's API description (api-descriptions/paypal.json) defines them: its parameters, its
 * reply, its error bodies (401 AUTHENTICATION_FAILURE, 500 INTERNAL_SERVER_ERROR, 503
 * SERVICE_UNAVAILABLE, 400 INVALID_REQUEST) and its date-time form; plus what PayPal documents
 * elsewhere: page/page_size paging, the 31-day range limit, the reporting lag (400 past
 * last_refreshed_datetime), 400 RESULTSET_TOO_LARGE and 429 RATE_LIMIT_REACHED.
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
      if (fault?.type === "rate_limit") throw rateLimitReached(fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds);
      if (fault?.type === "server_error") throw fault.status === 503 ? serviceUnavailable() : internalServerError(fault.status ?? 500);
      const url = new URL(req.url ?? "/", "http://sandbox");
      if (req.method === "POST" && url.pathname === "/v1/oauth2/token") {
        tokenRequests += 1;
        if (fault?.type === "unauthorized") throw oauthError(401, "invalid_client", "Client Authentication failed");
        sendWithTransportFault(res, fault, 200, issueToken(req, body, clientId, clientSecret, tokens));
        return;
      }
      if (req.method === "GET" && url.pathname === "/v1/reporting/transactions") {
        if (fault?.type === "unauthorized" || !tokens.has(bearerToken(req) ?? "")) throw authenticationFailure();
        sendWithTransportFault(res, fault, 200, search(url, options), { "paypal-debug-id": debugId() });
        return;
      }
      throw resourceNotFound();
    } catch (error) {
      if (error instanceof PaypalHttpError) {
        sendJson(res, error.status, error.body, { "paypal-debug-id": debugId(), ...error.headers });
        return;
      }
      // A bug in the sandbox: PayPal's 500, with the cause in a header (error_500 has no room for it).
      const cause = encodeURIComponent((error as Error).message);
      const failure = internalServerError();
      sendJson(res, failure.status, failure.body, { "paypal-debug-id": debugId(), "x-sandbox-error": cause });
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
  if (decoded !== `${clientId}:${clientSecret}`) throw oauthError(401, "invalid_client", "Client Authentication failed");
  if (new URLSearchParams(body).get("grant_type") !== "client_credentials") throw oauthError(400, "unsupported_grant_type", "Grant Type is NULL");
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

interface Listed {
  at: number;
  detail: PaypalTransactionDetail;
}

/** The day's records in [start, upTo] that pass the query's filters, with the planted duplicates, oldest first. */
function matchingRecords(query: PaypalSearchQuery, upTo: number, options: PaypalEmulatorOptions): PaypalTransactionDetail[] {
  const listed: Listed[] = [];
  for (const day of daysCovering(query.startMs, upTo + 1)) {
    for (const detail of options.store.get("paypal", day).raw.transactions) {
      const info = detail.transaction_info;
      const at = Date.parse(info.transaction_initiation_date);
      if (at < query.startMs || at > upTo) continue;
      if (query.transactionStatus !== null && info.transaction_status !== query.transactionStatus) continue;
      if (query.transactionId !== null && info.transaction_id !== query.transactionId) continue;
      if (query.transactionType !== null && info.transaction_event_code !== query.transactionType) continue;
      if (query.transactionCurrency !== null && info.transaction_amount.currency_code !== query.transactionCurrency) continue;
      listed.push({ at, detail });
    }
  }
  listed.sort((a, b) => a.at - b.at || (a.detail.transaction_info.transaction_id < b.detail.transaction_info.transaction_id ? -1 : 1));
  return listed.flatMap(({ detail }) => {
    const twin = options.duplicates?.[detail.transaction_info.transaction_id];
    return twin ? [detail, { ...detail, transaction_info: { ...detail.transaction_info, ...twin } }] : [detail];
  });
}

/** One record as served: the sections `fields` asks for, with any planted corruption. */
function served(detail: PaypalTransactionDetail, query: PaypalSearchQuery, corrupt: RecordCorruptions | undefined): Record<string, unknown> {
  const patch = corrupt?.[detail.transaction_info.transaction_id];
  const sections: Record<string, unknown> = { ...detail, transaction_info: patch ? { ...detail.transaction_info, ...patch } : detail.transaction_info };
  for (const section of Object.keys(sections)) if (!query.fields.has(section)) delete sections[section];
  return sections;
}

function search(url: URL, options: PaypalEmulatorOptions): unknown {
  const query = readSearchQuery(url.searchParams);
  const lastRefreshed = Math.floor(((options.now ?? Date.now)() - (options.lagSeconds ?? 10_800) * 1000) / 1000) * 1000;
  if (query.startMs > lastRefreshed) {
    throw invalidRequest([
      { field: "start_date", value: url.searchParams.get("start_date") ?? "", location: "query", issue: "INVALID_REQUEST", description: "Data for the given start date is not available." },
    ]);
  }
  // end_date is inclusive; data after last_refreshed_datetime does not exist yet.
  const matching = matchingRecords(query, Math.min(query.endMs, lastRefreshed), options);
  if (matching.length > (options.resultSetCap ?? 10_000)) throw resultSetTooLarge();
  const totalPages = Math.ceil(matching.length / query.pageSize);
  const page = matching.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((detail) => served(detail, query, options.corrupt));
  const link = (p: number, rel: string) => {
    const next = new URL(url.toString());
    next.searchParams.set("page", String(p));
    return { href: `${next.pathname}${next.search}`, rel, method: "GET" };
  };
  return {
    // The description gives transaction_details minItems 1 and does not require it: a page with
    // no records leaves it out rather than send an empty list the description refuses.
    ...(page.length > 0 ? { transaction_details: page } : {}),
    account_number: "SANDBOXACCT01",
    start_date: paypalDateTime(query.startMs),
    end_date: paypalDateTime(query.endMs),
    last_refreshed_datetime: paypalDateTime(lastRefreshed),
    page: query.page,
    total_items: matching.length,
    total_pages: totalPages,
    links: [link(query.page, "self"), ...(query.page < totalPages ? [link(query.page + 1, "next")] : []), ...(totalPages > 0 ? [link(totalPages, "last")] : [])],
  };
}
