import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import axios, { isAxiosError, type AxiosError } from "axios";
import axiosRetry, { exponentialDelay } from "axios-retry";
import { z } from "zod";
import type { FetchPage, FetchWindow, ProcessorConnector } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { parseRetryAfter, RateLimitedError } from "../rate-limited-error";
import { zodReason } from "../zod-reason";
import { normalizePaypalTransaction, parsePaypalDate } from "./paypal-normalize";

export interface PaypalConnectorOptions {
  /** PAYPAL_CLIENT_ID. */
  clientId: string;
  /** PAYPAL_CLIENT_SECRET. */
  clientSecret: string;
  /** API origin (PAYPAL_API_BASE), default PayPal's live "https://api-m.paypal.com". */
  apiBase?: string;
  /** Per-request timeout, default 30000 ms. */
  timeoutMs?: number;
  /** Retries of timeouts, connection errors, 429 and 5xx per request, default 4. */
  retries?: number;
  /** Base of the exponential backoff, default 500 ms; a longer Retry-After wins. */
  retryDelayMs?: number;
  /** Records per request, default 500 (PayPal's maximum). */
  pageSize?: number;
  /** Longest range one search may span, default 31 days (PayPal's limit). */
  maxRangeDays?: number;
}

export const PAYPAL_LIVE_API_BASE = "https://api-m.paypal.com";
/** Tokens are renewed this long before PayPal says they expire, so none dies mid-request. */
const TOKEN_MARGIN_MS = 60_000;

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const searchSchema = z.looseObject({
  transaction_details: z.array(z.unknown()),
  page: z.number().int().min(1),
  total_pages: z.number().int().min(0),
  total_items: z.number().int().min(0).optional(),
  last_refreshed_datetime: z.string().optional(),
});
type SearchPage = z.infer<typeof searchSchema>;

/** PayPal's data is not complete for the window yet; a later retry will find it. Retryable. */
export class PaypalDataNotReadyError extends Error {
  override name = "PaypalDataNotReadyError";
}

class ResultSetTooLarge extends Error {}

/**
 * PayPal Transaction Search over plain HTTP (axios + axios-retry): an OAuth client-credentials
 * token, cached and renewed on expiry or on a 401 invalid_token; `/v1/reporting/transactions`
 * paged at 500; windows split to respect the 31-day limit and halved on RESULTSET_TOO_LARGE;
 * a window past PayPal's reporting lag fails retryably instead of returning half a day.
 */
export function createPaypalConnector(options: PaypalConnectorOptions): ProcessorConnector {
  const http = axios.create({
    baseURL: options.apiBase ?? PAYPAL_LIVE_API_BASE,
    timeout: options.timeoutMs ?? 30_000,
    headers: { Accept: "application/json" },
  });
  const retryDelayMs = options.retryDelayMs ?? 500;
  axiosRetry(http, {
    retries: options.retries ?? 4,
    retryCondition: isTransient,
    // Each attempt gets the full timeout; otherwise one slow reply would starve every retry.
    shouldResetTimeout: true,
    // exponentialDelay takes the larger of the backoff and the Retry-After header.
    retryDelay: (retryCount, error) => exponentialDelay(retryCount, error, retryDelayMs),
  });
  const pageSize = options.pageSize ?? 500;
  const maxRangeSeconds = (options.maxRangeDays ?? 31) * 86_400;
  let cached: { token: string; expiresAt: number } | undefined;

  async function token(): Promise<string> {
    if (cached && cached.expiresAt - TOKEN_MARGIN_MS > Date.now()) return cached.token;
    let data: unknown;
    try {
      ({ data } = await http.post<unknown>("/v1/oauth2/token", "grant_type=client_credentials", {
        auth: { username: options.clientId, password: options.clientSecret },
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }));
    } catch (error) {
      throw toConnectorError(error, "token");
    }
    const parsed = tokenSchema.safeParse(data);
    if (!parsed.success) throw new Error(`PayPal returned a malformed token reply: ${zodReason(parsed.error)}`);
    cached = { token: parsed.data.access_token, expiresAt: Date.now() + parsed.data.expires_in * 1000 };
    return cached.token;
  }

  async function searchPage(startSec: number, endSec: number, page: number): Promise<SearchPage> {
    const params = {
      start_date: rfc3339(startSec),
      end_date: rfc3339(endSec),
      fields: "transaction_info",
      page_size: pageSize,
      page,
    };
    // One refresh on 401 invalid_token: the token expired or was revoked since it was cached.
    for (let attempt = 0; ; attempt++) {
      const bearer = await token();
      try {
        const { data } = await http.get<unknown>("/v1/reporting/transactions", { params, headers: { Authorization: `Bearer ${bearer}` } });
        const parsed = searchSchema.safeParse(data);
        // A malformed envelope (a truncated body, say) is worth a retry: a plain Error.
        if (!parsed.success) throw new Error(`PayPal returned a malformed search page: ${zodReason(parsed.error)}`);
        return parsed.data;
      } catch (error) {
        if (isAxiosError(error) && error.response?.status === 401 && errorName(error) === "invalid_token" && attempt === 0) {
          cached = undefined;
          continue;
        }
        if (isAxiosError(error) && errorName(error) === "RESULTSET_TOO_LARGE") throw new ResultSetTooLarge();
        throw toConnectorError(error, "search");
      }
    }
  }

  async function* searchRange(startSec: number, endSec: number): AsyncGenerator<FetchPage<ProcessorTransaction>> {
    let first: SearchPage;
    try {
      first = await searchPage(startSec, endSec, 1);
    } catch (error) {
      if (!(error instanceof ResultSetTooLarge)) throw error;
      if (startSec >= endSec) throw new PermanentConnectorError(`PayPal refuses even a one-second search at ${rfc3339(startSec)} as too large`);
      const mid = Math.floor((startSec + endSec) / 2);
      yield* searchRange(startSec, mid);
      yield* searchRange(mid + 1, endSec);
      return;
    }
    if (first.last_refreshed_datetime) {
      const refreshed = parsePaypalDate(first.last_refreshed_datetime).getTime();
      if (!Number.isNaN(refreshed) && refreshed < endSec * 1000) {
        throw new PaypalDataNotReadyError(
          `PayPal's reporting data is complete only up to ${first.last_refreshed_datetime}, before the window's end ${rfc3339(endSec)}; retry later`,
        );
      }
    }
    yield toPage(first);
    for (let page = 2; page <= first.total_pages; page++) yield toPage(await searchPage(startSec, endSec, page));
  }

  return {
    processor: "paypal",
    async *fetch(window: FetchWindow): AsyncGenerator<FetchPage<ProcessorTransaction>> {
      // end_date is inclusive and whole seconds: [start, end) in ms is [ceil(start), ceil(end) - 1] in seconds.
      const startSec = Math.ceil(window.start.getTime() / 1000);
      const endSec = Math.ceil(window.end.getTime() / 1000) - 1;
      for (let from = startSec; from <= endSec; from += maxRangeSeconds) {
        yield* searchRange(from, Math.min(endSec, from + maxRangeSeconds - 1));
      }
    },
  };
}

function toPage(page: SearchPage): FetchPage<ProcessorTransaction> {
  const records: ProcessorTransaction[] = [];
  const rejected: RejectedRecordInput[] = [];
  for (const raw of page.transaction_details) {
    const result = normalizePaypalTransaction(raw);
    if (result.ok) records.push(result.record);
    else rejected.push(result.rejected);
  }
  return { records, rejected };
}

function rfc3339(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19)}Z`;
}

/** Reads are idempotent (and a token request is harmless): timeouts, connection errors, 429 and 5xx are retried. */
function isTransient(error: AxiosError): boolean {
  if (axios.isCancel(error)) return false;
  const status = error.response?.status;
  if (status === undefined) return true;
  // A 2xx whose body was cut off mid-stream: the same request will most likely come back whole.
  if (status < 300 && error.code === "ERR_BAD_RESPONSE") return true;
  return status === 429 || status >= 500;
}

/** PayPal's error name: `name` on API errors, `error` on OAuth errors. */
function errorName(error: AxiosError): string | undefined {
  const data = error.response?.data as { name?: unknown; error?: unknown } | undefined;
  if (typeof data?.name === "string") return data.name;
  if (typeof data?.error === "string") return data.error;
  return undefined;
}

function describe(error: AxiosError): string {
  const data = error.response?.data as
    | { name?: string; message?: string; error_description?: string; details?: Array<{ field?: string; issue?: string; description?: string }> }
    | undefined;
  const detail = data?.details?.map((d) => `${d.field ?? ""} ${d.issue ?? ""}${d.description ? `: ${d.description}` : ""}`.trim()).join("; ");
  return [errorName(error), data?.message ?? data?.error_description, detail].filter(Boolean).join(": ");
}

function toConnectorError(error: unknown, call: "token" | "search"): unknown {
  if (!isAxiosError(error)) return error;
  const status = error.response?.status;
  if (status === undefined || status < 300) return new Error(`PayPal ${call} request failed: ${error.message}`, { cause: error });
  const what = describe(error);
  if (call === "token" && (status === 401 || status === 400)) {
    return new PermanentConnectorError(
      `PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET were rejected by PayPal (${status} ${errorName(error) ?? ""})`.trim().replace(/ \)$/, ")"),
      { cause: error },
    );
  }
  if (status === 401) {
    return new PermanentConnectorError(`PayPal rejected the access token of PAYPAL_CLIENT_ID twice (401 ${errorName(error) ?? ""})`, { cause: error });
  }
  if (status === 403) {
    return new PermanentConnectorError(`PAYPAL_CLIENT_ID may not use Transaction Search (403${what ? ` ${what}` : ""})`, { cause: error });
  }
  if (status === 400 && JSON.stringify(error.response?.data ?? "").includes("is not available")) {
    return new PaypalDataNotReadyError(`PayPal has no data for the window yet (400 ${what}); retry later`, { cause: error });
  }
  if (status >= 400 && status < 500 && status !== 429) {
    return new PermanentConnectorError(`PayPal refused the ${call} request (${status} ${what}); check PAYPAL_API_BASE`, { cause: error });
  }
  if (status === 429) {
    const header = error.response?.headers["retry-after"] as string | undefined;
    return new RateLimitedError(`PayPal rate limit reached (429 ${what})`, parseRetryAfter(header), { cause: error });
  }
  return new Error(`PayPal ${call} request failed (${status}${what ? ` ${what}` : ""})`, { cause: error });
}
