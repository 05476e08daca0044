import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { todayUtc } from "@recon/domain";
import { applyCorruption, faultFor, sendWithTransportFault, type Fault, type RecordCorruptions } from "./faults";
import { bearerToken, closeServer, DEFAULT_HOST, listen, recordingExchanges, sendJson, type Exchange } from "./http-util";
import { daysCovering, type ScenarioStore } from "./scenario-store";
import { SQUARE_MAIN_LOCATION_ID, SQUARE_SANDBOX_LOCATIONS } from "./square-locations";
import type { SquareLocation, SquarePayment, SquarePayout, SquarePayoutEntry, SquareRefund } from "./square-types";

export interface SquareEmulatorOptions {
  store: ScenarioStore;
  /** The only access token accepted, default "square_sandbox_token". */
  accessToken?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Days served when a request leaves begin_time or end_time open; default today UTC. */
  defaultDates?: string[];
  faults?: Fault[];
  /** Field overrides by payment, refund, payout or payout entry id (see RecordCorruptions). */
  corrupt?: RecordCorruptions;
  /**
   * The OAuth scopes the access token was granted, default all three recon needs
   * (MERCHANT_PROFILE_READ, PAYMENTS_READ, PAYOUTS_READ): a call needing another one gets
   * Square's `403 INSUFFICIENT_SCOPES`.
   */
  scopes?: readonly SquareScope[];
  /** Keep every request and its reply for the conformance tests (see recordingExchanges); default off. */
  recordExchanges?: boolean;
}

export interface SquareEmulator {
  baseUrl: string;
  accessToken: string;
  /** Requests received so far, every path and outcome included. */
  requestCount: () => number;
  /** What was asked and answered, when started with recordExchanges (else always empty). */
  exchanges: () => readonly Exchange[];
  close(): Promise<void>;
}

export const DEFAULT_SQUARE_ACCESS_TOKEN = "square_sandbox_token";
const MAX_LIMIT = 100;

/** The OAuth scopes of the calls the emulator answers. */
export type SquareScope = "MERCHANT_PROFILE_READ" | "PAYMENTS_READ" | "PAYOUTS_READ";
const ALL_SCOPES: readonly SquareScope[] = ["MERCHANT_PROFILE_READ", "PAYMENTS_READ", "PAYOUTS_READ"];

interface SquareError {
  category: string;
  code: string;
  detail: string;
  field?: string;
}

class SquareHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: SquareError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors[0]?.detail ?? String(status));
  }
}

const invalid = (code: string, detail: string, field?: string): SquareHttpError =>
  new SquareHttpError(400, [{ category: "INVALID_REQUEST_ERROR", code, detail, ...(field ? { field } : {}) }]);

type Listed = SquarePayment | SquareRefund;

/**
 * Emulates Square's `GET /v2/locations` (every location of the seller, inactive ones included,
 * alphabetically by name), `GET /v2/payments`, `GET /v2/refunds` and `GET /v2/payouts`
 * (begin_time/end_time on created_at, sort_order, opaque cursors, limit up to 100, more treated as
 * 100; without `location_id` payments and payouts are the main location's only, refunds every
 * location's, as Square's description says), `GET /v2/payouts/{payout_id}/payout-entries`
 * (cursor, limit, sort_order), and Square's error bodies.
 */
export async function startSquareEmulator(options: SquareEmulatorOptions): Promise<SquareEmulator> {
  const accessToken = options.accessToken ?? DEFAULT_SQUARE_ACCESS_TOKEN;
  const scopes = new Set(options.scopes ?? ALL_SCOPES);
  let requests = 0;
  const listedPayouts = new Map<string, SquarePayoutEntry[]>();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requests += 1;
    try {
      const fault = faultFor(options.faults, requests);
      if (fault?.type === "rate_limit") {
        throw new SquareHttpError(429, [{ category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED", detail: "Rate limit exceeded." }], {
          "retry-after": String(fault.retryAfterSeconds ?? 1),
        });
      }
      if (fault?.type === "server_error") {
        const status = fault.status ?? 500;
        const code = status === 503 ? "SERVICE_UNAVAILABLE" : status === 502 ? "BAD_GATEWAY" : "INTERNAL_SERVER_ERROR";
        throw new SquareHttpError(status, [{ category: "API_ERROR", code, detail: "An internal error has occurred, and the API was unable to service your request." }]);
      }
      const token = bearerToken(req);
      if (token !== accessToken) {
        throw new SquareHttpError(401, [
          token === null
            ? { category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED", detail: "Your request did not include an `Authorization` http header with an access token." }
            : { category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED", detail: "This request could not be authorized." },
        ]);
      }
      const url = new URL(req.url ?? "/", "http://sandbox");
      const entriesPath = /^\/v2\/payouts\/([^/]+)\/payout-entries$/.exec(url.pathname);
      if (req.method === "GET" && url.pathname === "/v2/locations") {
        requireScope(scopes, "MERCHANT_PROFILE_READ");
        sendWithTransportFault(res, fault, 200, { locations: listLocations() });
        return;
      }
      if (req.method === "GET" && (url.pathname === "/v2/payments" || url.pathname === "/v2/refunds")) {
        requireScope(scopes, "PAYMENTS_READ");
        const kind = url.pathname === "/v2/payments" ? "payments" : "refunds";
        sendWithTransportFault(res, fault, 200, list(kind, url.searchParams, options));
        return;
      }
      if (req.method === "GET" && url.pathname === "/v2/payouts") {
        requireScope(scopes, "PAYOUTS_READ");
        sendWithTransportFault(res, fault, 200, listPayouts(url.searchParams, options, listedPayouts));
        return;
      }
      if (req.method === "GET" && entriesPath?.[1]) {
        requireScope(scopes, "PAYOUTS_READ");
        sendWithTransportFault(res, fault, 200, listPayoutEntries(decodeURIComponent(entriesPath[1]), url.searchParams, listedPayouts, options));
        return;
      }
      throw new SquareHttpError(404, [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Resource not found: ${req.method} ${url.pathname}` }]);
    } catch (error) {
      if (error instanceof SquareHttpError) {
        sendJson(res, error.status, { errors: error.errors }, error.headers);
        return;
      }
      sendJson(res, 500, { errors: [{ category: "API_ERROR", code: "INTERNAL_SERVER_ERROR", detail: `sandbox failure: ${(error as Error).message}` }] });
    }
  };

  const exchanges: Exchange[] = [];
  const server = createServer(recordingExchanges(handle, options.recordExchanges ? exchanges : undefined));
  const baseUrl = await listen(server, options.host ?? DEFAULT_HOST, options.port ?? 0);
  return { baseUrl, accessToken, requestCount: () => requests, exchanges: () => exchanges, close: () => closeServer(server) };
}

/** Square's answer to a token without the scope a call needs. */
function requireScope(granted: ReadonlySet<SquareScope>, scope: SquareScope): void {
  if (granted.has(scope)) return;
  throw new SquareHttpError(403, [
    {
      category: "AUTHENTICATION_ERROR",
      code: "INSUFFICIENT_SCOPES",
      detail: `The merchant has not given your application sufficient permissions to do that. The merchant must authorize your application for the following scopes: ${scope}`,
    },
  ]);
}

/** `GET /v2/locations`: every location, inactive ones included, alphabetically by name. */
function listLocations(): SquareLocation[] {
  return [...SQUARE_SANDBOX_LOCATIONS].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The locations a list covers: the one `location_id` names (404 for one the seller does not
 * have), else `fallback`: the main location for payments and payouts, every location for refunds.
 */
function locationsOf(params: URLSearchParams, fallback: "main" | "all"): ReadonlySet<string> {
  const named = params.get("location_id");
  if (named === null) return new Set(fallback === "main" ? [SQUARE_MAIN_LOCATION_ID] : SQUARE_SANDBOX_LOCATIONS.map((l) => l.id));
  if (!SQUARE_SANDBOX_LOCATIONS.some((l) => l.id === named)) {
    throw new SquareHttpError(404, [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Location \`${named}\` not found.`, field: "location_id" }]);
  }
  return new Set([named]);
}

function parseTime(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(ms)) {
    throw invalid("INVALID_TIME", `Invalid RFC 3339 timestamp: ${raw}`, name);
  }
  return ms;
}

function parseSort(params: URLSearchParams): 1 | -1 {
  const sort = params.get("sort_order") ?? "DESC";
  if (sort !== "ASC" && sort !== "DESC") throw invalid("INVALID_SORT_ORDER", `Invalid sort order: ${sort}`, "sort_order");
  return sort === "ASC" ? 1 : -1;
}

function parseLimit(params: URLSearchParams): number {
  const rawLimit = params.get("limit");
  if (rawLimit === null) return MAX_LIMIT;
  if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) throw invalid("INVALID_VALUE", `Invalid limit: ${rawLimit}`, "limit");
  return Math.min(Number(rawLimit), MAX_LIMIT);
}

function parseRange(params: URLSearchParams): { begin: number | undefined; end: number | undefined } {
  const begin = parseTime(params, "begin_time");
  const end = parseTime(params, "end_time");
  if (begin !== undefined && end !== undefined && end < begin) {
    throw invalid("INVALID_TIME_RANGE", "The end time must be after the begin time.", "end_time");
  }
  return { begin, end };
}

/** The run dates a request covers: those of [begin, end), or the defaults when it is open. */
function daysOf(begin: number | undefined, end: number | undefined, options: SquareEmulatorOptions): string[] {
  try {
    return begin !== undefined && end !== undefined
      ? daysCovering(begin, end)
      : [...new Set([...(options.defaultDates ?? [todayUtc()]), ...[begin, end].filter((t) => t !== undefined).map((t) => new Date(t).toISOString().slice(0, 10))])];
  } catch (error) {
    throw invalid("INVALID_TIME_RANGE", `The sandbox cannot list this range: ${(error as Error).message}`, "begin_time");
  }
}

/** One page of `items` from the request's opaque cursor (a base64url offset), Square's reply shape. */
function pageOf<T extends { id: string }>(key: string, items: T[], params: URLSearchParams, options: SquareEmulatorOptions): unknown {
  const limit = parseLimit(params);
  const cursorParam = params.get("cursor");
  let offset = 0;
  if (cursorParam !== null) {
    const decoded = /^(\d+)$/.exec(Buffer.from(cursorParam, "base64url").toString("utf8"));
    if (!decoded?.[1]) throw invalid("INVALID_CURSOR", "The pagination cursor is invalid.", "cursor");
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + limit).map((r) => applyCorruption(r, options.corrupt));
  const next = offset + limit < items.length ? Buffer.from(String(offset + limit)).toString("base64url") : undefined;
  // Square omits empty lists and the cursor on the last page.
  return { ...(page.length > 0 ? { [key]: page } : {}), ...(next ? { cursor: next } : {}) };
}

const PAYOUT_STATUSES = new Set(["SENT", "FAILED", "PAID"]);

/** `GET /v2/payouts`: begin_time/end_time on created_at, status, location_id (default the main location), sort_order, cursor, limit. */
function listPayouts(params: URLSearchParams, options: SquareEmulatorOptions, listed: Map<string, SquarePayoutEntry[]>): unknown {
  const { begin, end } = parseRange(params);
  const direction = parseSort(params);
  parseLimit(params);
  const status = params.get("status");
  if (status !== null && !PAYOUT_STATUSES.has(status)) throw invalid("INVALID_ENUM_VALUE", `Invalid payout status: ${status}`, "status");
  const locations = locationsOf(params, "main");
  const payouts: SquarePayout[] = [];
  for (const day of daysOf(begin, end, options)) {
    const raw = options.store.get("square", day).raw;
    payouts.push(...raw.payouts);
    for (const payout of raw.payouts) listed.set(payout.id, raw.payoutEntries[payout.id] ?? []);
  }
  const filtered = payouts.filter((p) => {
    const at = Date.parse(p.created_at);
    if (begin !== undefined && at < begin) return false;
    if (end !== undefined && at >= end) return false;
    if (status !== null && p.status !== status) return false;
    return locations.has(p.location_id);
  });
  filtered.sort((a, b) => {
    if (a.created_at !== b.created_at) return (a.created_at < b.created_at ? -1 : 1) * direction;
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * direction;
  });
  return pageOf("payouts", filtered, params, options);
}

/** `GET /v2/payouts/{payout_id}/payout-entries`: sort_order (on effective_at), cursor, limit; 404 for an unknown payout. */
function listPayoutEntries(payoutId: string, params: URLSearchParams, listed: Map<string, SquarePayoutEntry[]>, options: SquareEmulatorOptions): unknown {
  const direction = parseSort(params);
  parseLimit(params);
  // The sandbox knows a payout's entries once it has listed the payout (as a client would have).
  const entries = listed.get(payoutId);
  if (!entries) throw new SquareHttpError(404, [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Payout ${payoutId} not found.` }]);
  const ordered = direction === 1 ? [...entries] : [...entries].reverse();
  return pageOf("payout_entries", ordered, params, options);
}

function list(kind: "payments" | "refunds", params: URLSearchParams, options: SquareEmulatorOptions): unknown {
  const { begin, end } = parseRange(params);
  const direction = parseSort(params);
  parseLimit(params);
  // Square: payments of the main location unless location_id says otherwise; refunds of every location.
  const locations = locationsOf(params, kind === "payments" ? "main" : "all");

  const days = daysOf(begin, end, options);
  const records: Listed[] = [];
  for (const day of days) {
    const raw = options.store.get("square", day).raw;
    records.push(...(kind === "payments" ? raw.payments : raw.refunds));
  }
  const filtered = records.filter((r) => {
    const at = Date.parse(r.created_at);
    if (begin !== undefined && at < begin) return false;
    if (end !== undefined && at >= end) return false;
    return locations.has(r.location_id);
  });
  const compare = (a: Listed, b: Listed): number => {
    if (a.created_at !== b.created_at) return (a.created_at < b.created_at ? -1 : 1) * direction;
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * direction;
  };
  filtered.sort(compare);

  return pageOf(kind, filtered, params, options);
}
