import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import axios, { isAxiosError } from "axios";
import axiosRetry, { exponentialDelay } from "axios-retry";
import { z } from "zod";
import type { FetchPage, FetchWindow, ProcessorConnector } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { gateAxios, type RequestGate } from "../request-gate";
import { zodReason } from "../zod-reason";
import { readPaypalDateTime } from "./paypal-date-time";
import { settleDuplicateIds, type SettledPage } from "./paypal-duplicates";
import { errorName, isTransient, isUnauthorized, PaypalDataNotReadyError, toConnectorError } from "./paypal-errors";
import { normalizePaypalTransaction } from "./paypal-normalize";

export { PaypalDataNotReadyError } from "./paypal-errors";

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
  /** Records per request (page_size), 1..500, default 500 (PayPal's maximum). */
  pageSize?: number;
  /** Longest range one search may span, default 31 days (PayPal's limit). */
  maxRangeDays?: number;
  /** Awaited before every request, retries included: the fleet's request rate limit (RequestGate). */
  gate?: RequestGate;
}

export const PAYPAL_LIVE_API_BASE = "https://api-m.paypal.com";
/** Tokens are renewed this long before PayPal says they expire, so none dies mid-request. */
const TOKEN_MARGIN_MS = 60_000;

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const searchSchema = z.looseObject({
  // The description gives transaction_details minItems 1 and does not require it: a page with no
  // records may leave it out (as the sandbox does) or, tolerated, send an empty list.
  transaction_details: z.array(z.unknown()).optional(),
  page: z.number().int().min(0),
  total_pages: z.number().int().min(0),
  total_items: z.number().int().min(0).optional(),
  last_refreshed_datetime: z.string().optional(),
});
type SearchPage = z.infer<typeof searchSchema>;

class ResultSetTooLarge extends Error {}

/**
 * PayPal Transaction Search over plain HTTP (axios + axios-retry): an OAuth client-credentials
 * token, cached and renewed on expiry or once on a search's 401; `/v1/reporting/transactions`
 * paged at 500 with the parameters its API description defines; windows split to respect the
 * 31-day limit and halved on RESULTSET_TOO_LARGE; a window past PayPal's reporting lag fails
 * retryably instead of returning half a day. A fetch is read whole before its first page is
 * yielded, so that a transaction id listed twice is settled before anything is stored
 * (settleDuplicateIds); memory is bounded by one fetch slice.
 */
export function createPaypalConnector(options: PaypalConnectorOptions): ProcessorConnector {
  const pageSize = options.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw new RangeError(`pageSize ${pageSize}: PayPal's page_size is an integer from 1 to 500`);
  const http = axios.create({
    baseURL: options.apiBase ?? PAYPAL_LIVE_API_BASE,
    timeout: options.timeoutMs ?? 30_000,
    headers: { Accept: "application/json" },
  });
  gateAxios(http, options.gate);
  const retryDelayMs = options.retryDelayMs ?? 500;
  axiosRetry(http, {
    retries: options.retries ?? 4,
    retryCondition: isTransient,
    // Each attempt gets the full timeout; otherwise one slow reply would starve every retry.
    shouldResetTimeout: true,
    // exponentialDelay takes the larger of the backoff and the Retry-After header.
    retryDelay: (retryCount, error) => exponentialDelay(retryCount, error, retryDelayMs),
  });
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
    // Every parameter as the API description defines it. balance_affecting_records_only=Y is the
    // default, sent anyway: the reconciliation wants the money movements only, and PayPal may list
    // a non-balance-affecting record under the same transaction id.
    const params = {
      start_date: rfc3339(startSec),
      end_date: rfc3339(endSec),
      fields: "transaction_info",
      balance_affecting_records_only: "Y",
      page_size: pageSize,
      page,
    };
    // A 401 (AUTHENTICATION_FAILURE, or OAuth's invalid_token): the token expired or was revoked
    // since it was cached. Renew it and try once more; a fresh token refused is permanent.
    for (let attempt = 0; ; attempt++) {
      const bearer = await token();
      try {
        const { data } = await http.get<unknown>("/v1/reporting/transactions", { params, headers: { Authorization: `Bearer ${bearer}` } });
        const parsed = searchSchema.safeParse(data);
        // A malformed envelope (a truncated body, say) is worth a retry: a plain Error.
        if (!parsed.success) throw new Error(`PayPal returned a malformed search page: ${zodReason(parsed.error)}`);
        return parsed.data;
      } catch (error) {
        if (isUnauthorized(error) && attempt === 0) {
          cached = undefined;
          continue;
        }
        if (isAxiosError(error) && errorName(error) === "RESULTSET_TOO_LARGE") throw new ResultSetTooLarge();
        throw toConnectorError(error, "search");
      }
    }
  }

  /** Every page of one search as raw transaction_details; halves the range PayPal finds too large. */
  async function* searchRange(startSec: number, endSec: number): AsyncGenerator<unknown[]> {
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
    if (first.last_refreshed_datetime !== undefined) {
      let refreshed: Date;
      try {
        refreshed = readPaypalDateTime(first.last_refreshed_datetime);
      } catch (error) {
        throw new Error(`PayPal returned a search page whose last_refreshed_datetime cannot be read: ${(error as Error).message}`, { cause: error });
      }
      if (refreshed.getTime() < endSec * 1000) {
        throw new PaypalDataNotReadyError(
          `PayPal's reporting data is complete only up to ${first.last_refreshed_datetime}, before the window's end ${rfc3339(endSec)}; retry later`,
        );
      }
    }
    yield first.transaction_details ?? [];
    for (let page = 2; page <= first.total_pages; page++) yield (await searchPage(startSec, endSec, page)).transaction_details ?? [];
  }

  return {
    processor: "paypal",
    async *fetch(window: FetchWindow): AsyncGenerator<FetchPage<ProcessorTransaction>> {
      // end_date is inclusive and whole seconds: [start, end) in ms is [ceil(start), ceil(end) - 1] in seconds.
      const startSec = Math.ceil(window.start.getTime() / 1000);
      const endSec = Math.ceil(window.end.getTime() / 1000) - 1;
      const pages: unknown[][] = [];
      for (let from = startSec; from <= endSec; from += maxRangeSeconds) {
        for await (const details of searchRange(from, Math.min(endSec, from + maxRangeSeconds - 1))) pages.push(details);
      }
      for (const settled of settleDuplicateIds(pages)) yield toPage(settled);
    },
  };
}

function toPage(settled: SettledPage): FetchPage<ProcessorTransaction> {
  const records: ProcessorTransaction[] = [];
  const rejected: RejectedRecordInput[] = [...settled.rejected];
  for (const raw of settled.details) {
    const result = normalizePaypalTransaction(raw);
    if (result.ok) records.push(result.record);
    else rejected.push(result.rejected);
  }
  return { records, rejected };
}

/** The description's date_time form, in UTC: `2025-10-09T00:00:00Z`. */
function rfc3339(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19)}Z`;
}
