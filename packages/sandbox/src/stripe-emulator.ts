import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { todayUtc } from "@recon/domain";
import { applyCorruption, faultFor, sendWithTransportFault, type Fault, type RecordCorruptions } from "./faults";
import { bearerToken, closeServer, DEFAULT_HOST, listen, recordingExchanges, sendJson, type Exchange } from "./http-util";
import { daysCovering, type ScenarioStore } from "./scenario-store";
import type { StripeBalanceTransaction, StripeCharge } from "./stripe-types";

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
const LIST_URL = "/v1/balance_transactions";

interface StripeErrorBody {
  type: string;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

/** Thrown inside the handler to answer with Stripe's error body. */
class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

function invalid(message: string, param?: string, code?: string): StripeHttpError {
  return new StripeHttpError(400, { type: "invalid_request_error", message, ...(code ? { code } : {}), ...(param ? { param } : {}) });
}

/**
 * Emulates the part of Stripe's API the connector uses: `GET /v1/balance_transactions` with
 * real paging, `created` filters, `expand[]=data.source` and Stripe's error bodies.
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
      if (req.method !== "GET" || url.pathname !== LIST_URL) {
        throw new StripeHttpError(404, {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${req.method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        });
      }
      sendWithTransportFault(res, fault, 200, listBalanceTransactions(url.searchParams, options), { "request-id": requestId });
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
    // so the SDK does not retry it on its own (the queue's backoff does).
    return new StripeHttpError(
      429,
      {
        type: "invalid_request_error",
        code: "rate_limit",
        message:
          "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.",
        doc_url: "https://stripe.com/docs/error-codes/rate-limit",
      },
      { "retry-after": String(fault.retryAfterSeconds ?? 1) },
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

interface CreatedRange {
  /** Inclusive lower bound, Unix seconds. */
  from?: number;
  /** Exclusive upper bound, Unix seconds. */
  to?: number;
}

function listBalanceTransactions(params: URLSearchParams, options: StripeEmulatorOptions): unknown {
  const limit = parseLimit(params.get("limit"));
  const created = parseCreated(params);
  const expandSource = parseExpand(params);
  const startingAfter = params.get("starting_after");
  const endingBefore = params.get("ending_before");
  if (startingAfter && endingBefore) {
    throw invalid("You may only specify one of these parameters: starting_after, ending_before.", "starting_after");
  }

  const { records, charges } = candidates(created, options);
  const filtered = records.filter((txn) => matches(txn, created, params));
  let page: StripeBalanceTransaction[];
  let hasMore: boolean;
  if (startingAfter) {
    const cursor = findCursor(records, startingAfter, "starting_after");
    const after = filtered.filter((txn) => compareDesc(txn, cursor) > 0);
    page = after.slice(0, limit);
    hasMore = after.length > limit;
  } else if (endingBefore) {
    const cursor = findCursor(records, endingBefore, "ending_before");
    const before = filtered.filter((txn) => compareDesc(txn, cursor) < 0);
    // The page that immediately precedes the cursor, still newest first.
    page = before.slice(Math.max(before.length - limit, 0));
    hasMore = before.length > limit;
  } else {
    page = filtered.slice(0, limit);
    hasMore = filtered.length > limit;
  }
  const data = page.map((txn) => {
    const served = expandSource ? { ...txn, source: charges.get(txn.source as string) ?? txn.source } : txn;
    return applyCorruption(served, options.corrupt);
  });
  return { object: "list", data, has_more: hasMore, url: LIST_URL };
}

function candidates(
  created: CreatedRange,
  options: StripeEmulatorOptions,
): { records: StripeBalanceTransaction[]; charges: Map<string, StripeCharge> } {
  let days: string[];
  try {
    days =
      created.from !== undefined && created.to !== undefined
        ? daysCovering(created.from * 1000, created.to * 1000)
        : unboundedDays(created, options.defaultDates ?? [todayUtc()]);
  } catch (error) {
    throw invalid(`The sandbox cannot list this range: ${(error as Error).message}.`, "created");
  }
  const records: StripeBalanceTransaction[] = [];
  const charges = new Map<string, StripeCharge>();
  for (const day of days) {
    const scenario = options.store.get("stripe", day);
    records.push(...scenario.raw.balanceTransactions);
    for (const charge of scenario.raw.charges) charges.set(charge.id, charge);
  }
  records.sort(compareDesc);
  return { records, charges };
}

/** An open range has no natural end in the emulator: serve the default days plus the bound's own day. */
function unboundedDays(created: CreatedRange, defaults: string[]): string[] {
  const days = new Set(defaults);
  if (created.from !== undefined) days.add(new Date(created.from * 1000).toISOString().slice(0, 10));
  if (created.to !== undefined) days.add(new Date((created.to - 1) * 1000).toISOString().slice(0, 10));
  return [...days].sort();
}

/** Newest first; id breaks ties so that paging never skips or repeats a record. */
function compareDesc(a: StripeBalanceTransaction, b: StripeBalanceTransaction): number {
  if (a.created !== b.created) return b.created - a.created;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function findCursor(records: StripeBalanceTransaction[], id: string, param: string): StripeBalanceTransaction {
  const cursor = records.find((txn) => txn.id === id);
  if (!cursor) throw invalid(`No such balance_transaction: '${id}'`, param, "resource_missing");
  return cursor;
}

function matches(txn: StripeBalanceTransaction, created: CreatedRange, params: URLSearchParams): boolean {
  if (created.from !== undefined && txn.created < created.from) return false;
  if (created.to !== undefined && txn.created >= created.to) return false;
  const type = params.get("type");
  if (type && txn.type !== type) return false;
  const currency = params.get("currency");
  if (currency && txn.currency !== currency.toLowerCase()) return false;
  const source = params.get("source");
  if (source && txn.source !== source) return false;
  // The sandbox has no payouts yet, so a payout filter matches nothing.
  if (params.get("payout")) return false;
  return true;
}

function parseLimit(raw: string | null): number {
  if (raw === null) return 10;
  if (!/^\d+$/.test(raw)) throw invalid(`Invalid integer: ${raw}`, "limit", "parameter_invalid_integer");
  const limit = Number(raw);
  if (limit < 1 || limit > 100) {
    throw invalid("This value must be greater than or equal to 1 and less than or equal to 100.", "limit");
  }
  return limit;
}

function parseCreated(params: URLSearchParams): CreatedRange {
  const range: CreatedRange = {};
  const read = (key: string): number | undefined => {
    const raw = params.get(key);
    if (raw === null) return undefined;
    if (!/^\d+$/.test(raw)) throw invalid(`Invalid integer: ${raw}`, key, "parameter_invalid_integer");
    return Number(raw);
  };
  const exact = read("created");
  const gte = read("created[gte]");
  const gt = read("created[gt]");
  const lte = read("created[lte]");
  const lt = read("created[lt]");
  const lowers = [exact, gte, gt === undefined ? undefined : gt + 1].filter((v): v is number => v !== undefined);
  const uppers = [exact === undefined ? undefined : exact + 1, lt, lte === undefined ? undefined : lte + 1].filter(
    (v): v is number => v !== undefined,
  );
  if (lowers.length > 0) range.from = Math.max(...lowers);
  if (uppers.length > 0) range.to = Math.min(...uppers);
  return range;
}

/** `expand[]`, `expand[0]` (the SDK's form) or `expand`; URLSearchParams already decoded %5B%5D. */
function parseExpand(params: URLSearchParams): boolean {
  let source = false;
  for (const [key, value] of params) {
    if (!/^expand(\[\d*\])?$/.test(key)) continue;
    if (value !== "data.source") throw invalid(`This property cannot be expanded (${value}).`, key);
    source = true;
  }
  return source;
}
