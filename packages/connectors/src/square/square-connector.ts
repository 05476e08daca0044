import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import { SquareClient, SquareError, SquareTimeoutError } from "square";
import type { FetchPage, FetchWindow, ProcessorConnector } from "../connector";
import type { NormalizeResult } from "../stripe/stripe-normalize";
import { PermanentConnectorError } from "../permanent-connector-error";
import { parseRetryAfter, RateLimitedError } from "../rate-limited-error";
import type { RequestGate } from "../request-gate";
import { normalizeSquarePayment, normalizeSquareRefund } from "./square-normalize";
import { normalizeSquarePayout } from "./square-payout-normalize";
import { readLocationIds } from "./square-locations";

export interface SquareConnectorOptions {
  /** SQUARE_ACCESS_TOKEN. */
  accessToken: string;
  /** API origin (SQUARE_API_BASE), default Square's production "https://connect.squareup.com". */
  apiBase?: string;
  /** Per-request timeout, default 30000 ms. */
  timeoutMs?: number;
  /** SDK retries of 408, 429 and 5xx (it honours Retry-After), default 2. */
  maxRetries?: number;
  /** Our retries of timeouts and cut connections, which the SDK does not retry, default 3. */
  transportRetries?: number;
  /** Base of the backoff between transport retries, default 500 ms. */
  retryDelayMs?: number;
  /** Records per request, default 100 (Square's maximum). */
  pageSize?: number;
  /** Payout entries per request, default 100 (Square's maximum). */
  payoutEntryPageSize?: number;
  /** Awaited before every request, retries included: the fleet's request rate limit (RequestGate). */
  gate?: RequestGate;
}

export const SQUARE_PRODUCTION_API_BASE = "https://connect.squareup.com";

interface SdkPage<T> {
  data: T[];
  hasNextPage(): boolean;
  getNextPage(): Promise<unknown>;
}

/** What a request does and the OAuth scope it needs, for the error that names what to fix. */
interface SquareCall {
  action: string;
  scope: "MERCHANT_PROFILE_READ" | "PAYMENTS_READ" | "PAYOUTS_READ";
}

const LIST_LOCATIONS: SquareCall = { action: "list the seller's locations", scope: "MERCHANT_PROFILE_READ" };
const LIST_PAYMENTS: SquareCall = { action: "list payments", scope: "PAYMENTS_READ" };
const LIST_REFUNDS: SquareCall = { action: "list refunds", scope: "PAYMENTS_READ" };
const LIST_PAYOUTS: SquareCall = { action: "list payouts", scope: "PAYOUTS_READ" };

/**
 * Square through the official `square` SDK, every location of the seller: ListPayments and
 * ListPayouts answer for the main location only unless given `location_id`, so the connector first
 * lists the locations (inactive ones too: their past payments and payouts still count), then for
 * the window (oldest first, one yielded page per list request): each location's payments, every
 * location's refunds at once (ListPaymentRefunds covers all of them), and each location's payouts
 * (a payouts page also reads every entry of its payouts, which link a payout to the payments it
 * settles). The SDK converts every amount to bigint.
 */
export function createSquareConnector(options: SquareConnectorOptions): ProcessorConnector {
  const client = new SquareClient({
    token: options.accessToken,
    baseUrl: (options.apiBase ?? SQUARE_PRODUCTION_API_BASE).replace(/\/$/, ""),
    timeoutInSeconds: (options.timeoutMs ?? 30_000) / 1000,
    maxRetries: options.maxRetries ?? 2,
    // The SDK sends every attempt, its retries included, through this fetch.
    ...(options.gate ? { fetch: gatedFetch(options.gate) } : {}),
  });
  const limit = options.pageSize ?? 100;
  const entryLimit = options.payoutEntryPageSize ?? 100;
  const retries = options.transportRetries ?? 3;
  const delayMs = options.retryDelayMs ?? 500;

  async function withTransportRetry<T>(call: SquareCall, request: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (attempt >= retries || !isTransportError(error)) throw toConnectorError(error, call);
        await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt));
      }
    }
  }

  async function* pages<T>(
    call: SquareCall,
    first: () => Promise<SdkPage<T>>,
    normalize: (raw: T) => Promise<NormalizeResult<ProcessorTransaction>> | NormalizeResult<ProcessorTransaction>,
  ): AsyncGenerator<FetchPage<ProcessorTransaction>> {
    const page = await withTransportRetry(call, first);
    for (;;) {
      const records: ProcessorTransaction[] = [];
      const rejected: RejectedRecordInput[] = [];
      for (const raw of page.data) {
        const result = await normalize(raw);
        if (result.ok) records.push(result.record);
        else rejected.push(result.rejected);
      }
      yield { records, rejected };
      if (!page.hasNextPage()) return;
      // getNextPage only replaces the page's data once the request succeeded, so it can be retried.
      await withTransportRetry(call, () => page.getNextPage());
    }
  }

  /** Every entry of one payout, in Square's order (all pages). */
  async function payoutEntries(payoutId: string): Promise<unknown[]> {
    const page = await withTransportRetry(LIST_PAYOUTS, () => client.payouts.listEntries({ payoutId, sortOrder: "ASC", limit: entryLimit }));
    const entries: unknown[] = [...page.data];
    while (page.hasNextPage()) {
      await withTransportRetry(LIST_PAYOUTS, () => page.getNextPage());
      entries.push(...page.data);
    }
    return entries;
  }

  /** A payout with every one of its entries; without an id its entries cannot be read, and normalisation quarantines it for the id. */
  async function normalizePayout(payout: { id?: unknown }) {
    const id = typeof payout.id === "string" && payout.id.length > 0 ? payout.id : null;
    return normalizeSquarePayout({ payout, entries: id === null ? [] : await payoutEntries(id) });
  }

  return {
    processor: "square",
    async *fetch(window: FetchWindow): AsyncGenerator<FetchPage<ProcessorTransaction>> {
      const locationIds = readLocationIds(await withTransportRetry(LIST_LOCATIONS, () => client.locations.list()));
      // A fresh request object per list: the SDK writes the next cursor into the one it is given.
      const range = () => ({ beginTime: window.start.toISOString(), endTime: window.end.toISOString(), sortOrder: "ASC", limit }) as const;
      for (const locationId of locationIds) {
        yield* pages(LIST_PAYMENTS, () => client.payments.list({ ...range(), locationId }), normalizeSquarePayment);
      }
      yield* pages(LIST_REFUNDS, () => client.refunds.list(range()), normalizeSquareRefund);
      for (const locationId of locationIds) {
        yield* pages(LIST_PAYOUTS, () => client.payouts.list({ ...range(), locationId }), normalizePayout);
      }
    },
  };
}

function gatedFetch(gate: RequestGate): typeof fetch {
  return async (input, init) => {
    await gate();
    return fetch(input, init);
  };
}

/** A timeout, or a reply that never arrived whole (no status code): worth another try. */
function isTransportError(error: unknown): boolean {
  return error instanceof SquareTimeoutError || (error instanceof SquareError && error.statusCode === undefined);
}

function firstError(error: SquareError): string {
  const errors = (error.body as { errors?: Array<{ category?: string; code?: string; detail?: string }> } | undefined)?.errors;
  const first = errors?.[0];
  return first ? `${first.code ?? first.category ?? ""}${first.detail ? `: ${first.detail}` : ""}` : error.message;
}

/** 401/403 and other 4xx (but 408/429) cannot be fixed by a retry; the rest is thrown for the queue's backoff. */
function toConnectorError(error: unknown, call: SquareCall): unknown {
  if (error instanceof SquareTimeoutError) return new Error(`Square did not answer in time: ${error.message}`, { cause: error });
  // The SDK turns every amount into a bigint while it parses a page, and throws for a fractional
  // one: the page never reaches normalisation, so no record of it can be quarantined alone, and
  // asking again returns the same page.
  if (error instanceof RangeError && /BigInt/.test(error.message)) {
    return new PermanentConnectorError(`Square's reply could not be read when trying to ${call.action}: ${error.message} (the square SDK refuses the whole page)`, { cause: error });
  }
  if (!(error instanceof SquareError)) return error;
  const status = error.statusCode;
  if (status === 401) return new PermanentConnectorError(`SQUARE_ACCESS_TOKEN was rejected by Square (401 ${firstError(error)})`, { cause: error });
  if (status === 403) {
    return new PermanentConnectorError(
      `SQUARE_ACCESS_TOKEN may not ${call.action}: grant it the ${call.scope} scope (403 ${firstError(error)})`,
      { cause: error },
    );
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new PermanentConnectorError(`Square refused to ${call.action} (${status} ${firstError(error)}); check SQUARE_API_BASE`, { cause: error });
  }
  if (status === 429) {
    const header = error.rawResponse?.headers.get("retry-after");
    return new RateLimitedError(`Square rate limit reached (429 ${firstError(error)})`, parseRetryAfter(header), { cause: error });
  }
  return new Error(`Square request failed (${status ?? "no reply"}: ${firstError(error)})`, { cause: error });
}
