import type { InternalTransaction, Processor, RejectedRecordInput } from "@recon/domain";
import axios, { isAxiosError, type AxiosError } from "axios";
import axiosRetry, { exponentialDelay, isNetworkError } from "axios-retry";
import { z } from "zod";
import type { FetchPage, FetchWindow, LedgerConnector } from "../connector";
import { PermanentConnectorError } from "../permanent-connector-error";
import { parseRetryAfter, RateLimitedError } from "../rate-limited-error";
import { gateAxios, type RequestGate } from "../request-gate";
import { zodReason } from "../zod-reason";
import { normalizeLedgerRecord } from "./ledger-normalize";

export interface LedgerConnectorOptions {
  /** The ledger API origin (INTERNAL_API_URL). */
  baseUrl: string;
  /** Bearer token (INTERNAL_API_TOKEN). */
  token: string;
  /** Per-request timeout, default 30000 ms. */
  timeoutMs?: number;
  /** Retries of network errors, 5xx and 429, default 4. */
  retries?: number;
  /** Base of the exponential backoff, default 500 ms; a longer Retry-After wins. */
  retryDelayMs?: number;
  /** Records per request, default 500 (the API allows 1..1000). */
  pageSize?: number;
  /** Awaited before every request, retries included: the fleet's request rate limit (RequestGate). */
  gate?: RequestGate;
}

/** The page envelope; records are validated one by one so one bad row cannot sink a page. */
const pageSchema = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().min(1).nullable(),
});

/** The company's ledger API: cursor pages of `GET /v1/transactions` over [from, to). */
export function createLedgerConnector(options: LedgerConnectorOptions): LedgerConnector {
  const client = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs ?? 30_000,
    headers: { Authorization: `Bearer ${options.token}`, Accept: "application/json" },
  });
  gateAxios(client, options.gate);
  const retryDelayMs = options.retryDelayMs ?? 500;
  axiosRetry(client, {
    retries: options.retries ?? 4,
    retryCondition: isTransient,
    // Each attempt gets the full timeout; otherwise one slow reply would starve every retry.
    shouldResetTimeout: true,
    // exponentialDelay already takes the larger of the backoff and the Retry-After header.
    retryDelay: (retryCount, error) => exponentialDelay(retryCount, error, retryDelayMs),
  });

  return {
    async *fetch(processor: Processor, window: FetchWindow): AsyncGenerator<FetchPage<InternalTransaction>> {
      let cursor: string | null = null;
      do {
        const body = await getPage(client, {
          processor,
          from: window.start.toISOString(),
          to: window.end.toISOString(),
          limit: options.pageSize ?? 500,
          ...(cursor ? { cursor } : {}),
        });
        const records: InternalTransaction[] = [];
        const rejected: RejectedRecordInput[] = [];
        for (const raw of body.data) {
          const result = normalizeLedgerRecord(raw, processor);
          if (result.ok) records.push(result.record);
          else rejected.push(result.rejected);
        }
        yield { records, rejected };
        cursor = body.next_cursor;
      } while (cursor);
    },
  };
}

/** Reads are idempotent, so every timeout, connection failure, 5xx and 429 is worth another try. */
function isTransient(error: AxiosError): boolean {
  if (isNetworkError(error) || error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") return true;
  const status = error.response?.status;
  // A 2xx whose body was cut off mid-stream: the same request will most likely come back whole.
  if (status !== undefined && status < 300 && error.code === "ERR_BAD_RESPONSE") return true;
  return status === 429 || (status !== undefined && status >= 500);
}

async function getPage(
  client: ReturnType<typeof axios.create>,
  params: Record<string, string | number>,
): Promise<z.infer<typeof pageSchema>> {
  let data: unknown;
  try {
    ({ data } = await client.get<unknown>("/v1/transactions", { params }));
  } catch (error) {
    throw toConnectorError(error);
  }
  const page = pageSchema.safeParse(data);
  // A malformed envelope (say, a truncated body) is worth a retry, so this stays a plain Error.
  if (!page.success) throw new Error(`the ledger API returned a malformed page: ${zodReason(page.error)}`);
  return page.data;
}

function toConnectorError(error: unknown): unknown {
  if (!isAxiosError(error) || !error.response) return error;
  const status = error.response.status;
  const data: unknown = error.response.data;
  const detail = typeof data === "object" && data !== null && "error" in data ? String(data.error) : "";
  if (status === 401 || status === 403) {
    return new PermanentConnectorError(`INTERNAL_API_TOKEN was rejected by the ledger API (${status})`, { cause: error });
  }
  if (status === 429) {
    const header = error.response.headers["retry-after"] as string | undefined;
    return new RateLimitedError("the ledger API rate limit was reached (429)", parseRetryAfter(header), { cause: error });
  }
  if (status >= 400 && status < 500 && status !== 429) {
    return new PermanentConnectorError(
      `the ledger API refused the request (${status})${detail ? `: ${detail}` : ""}; check INTERNAL_API_URL`,
      { cause: error },
    );
  }
  return error;
}
