import type { Readable } from "node:stream";
import { gateAxios, PermanentConnectorError, parseRetryAfter, RateLimitedError, type RequestGate } from "@recon/connectors";
import { RetryLaterError } from "@recon/domain";
import axios, { AxiosError, type AxiosInstance } from "axios";
import axiosRetry from "axios-retry";

/** Live accounts' Customer Area; test accounts' is https://ca-test.adyen.com (ADYEN_REPORT_BASE). */
const ADYEN_LIVE_REPORT_BASE = "https://ca-live.adyen.com";

export interface ReportDownloadOptions {
  apiKey: string;
  merchantAccount: string;
  /** Customer Area origin, default ADYEN_LIVE_REPORT_BASE. */
  reportBase?: string;
  /** Per-request timeout, default 60000 ms. */
  timeoutMs?: number;
  /** Retries of 429, 5xx and lost connections, default 3. */
  retries?: number;
  /** Base of the exponential backoff when Adyen gives no Retry-After, default 500 ms. */
  retryDelayMs?: number;
  /** How long to wait for a report Adyen has not generated yet (404), default 30 minutes. */
  notReadyDelayMs?: number;
  /** Awaited before every download, retries included: the fleet's request rate limit (RequestGate). */
  gate?: RequestGate;
}

/**
 * Adyen's report download (https://docs.adyen.com/reporting/downloading-reports):
 * `GET {base}/reports/download/MerchantAccount/{merchantAccount}/{fileName}`, authenticated with the
 * report user's API key in `X-API-Key`. The Node API library (@adyen/api-library) has no call for
 * it, hence axios. Replies are streamed: a report can be large.
 */
export function createReportDownloader(options: ReportDownloadOptions): (fileName: string) => Promise<Readable> {
  const base = (options.reportBase ?? ADYEN_LIVE_REPORT_BASE).replace(/\/$/, "");
  const retryDelayMs = options.retryDelayMs ?? 500;
  const client: AxiosInstance = axios.create({
    timeout: options.timeoutMs ?? 60_000,
    headers: { "X-API-Key": options.apiKey, Accept: "text/csv" },
    responseType: "stream",
    validateStatus: (status) => status === 200,
  });
  gateAxios(client, options.gate);
  axiosRetry(client, {
    retries: options.retries ?? 3,
    // Each attempt gets the whole timeout: a reply past it is worth asking again.
    shouldResetTimeout: true,
    retryCondition: (error) => axiosRetry.isNetworkError(error) || error.code === "ECONNABORTED" || error.response?.status === 429 || (error.response?.status ?? 0) >= 500,
    retryDelay: (count, error) => parseRetryAfter(headerOf(error, "retry-after")) ?? retryDelayMs * 2 ** (count - 1),
  });
  return async (fileName) => {
    const url = `${base}/reports/download/MerchantAccount/${encodeURIComponent(options.merchantAccount)}/${encodeURIComponent(fileName)}`;
    try {
      const response = await client.get<Readable>(url);
      return response.data;
    } catch (error) {
      throw await toConnectorError(error, fileName, options);
    }
  };
}

function headerOf(error: AxiosError, name: string): string | undefined {
  const value = error.response?.headers?.[name] as unknown;
  return typeof value === "string" ? value : undefined;
}

/** Adyen's error body ({status, errorCode, message, errorType}) as one line, read from the stream. */
async function errorText(error: AxiosError): Promise<string> {
  const data = error.response?.data as Readable | undefined;
  if (!data || typeof data.on !== "function") return error.message;
  let text = "";
  for await (const chunk of data) {
    text += String(chunk);
    if (text.length > 2_000) break;
  }
  try {
    const body = JSON.parse(text) as { errorCode?: string; message?: string };
    return `${body.errorCode ?? ""} ${body.message ?? ""}`.trim() || text;
  } catch {
    return text.slice(0, 200) || error.message;
  }
}

async function toConnectorError(error: unknown, fileName: string, options: ReportDownloadOptions): Promise<unknown> {
  if (!(error instanceof AxiosError) || !error.response) {
    return new Error(`Adyen report download of ${fileName} failed: ${(error as Error).message}`, { cause: error });
  }
  const status = error.response.status;
  const detail = await errorText(error);
  if (status === 401) return new PermanentConnectorError(`ADYEN_API_KEY was rejected by Adyen (401 ${detail})`, { cause: error });
  if (status === 403) {
    return new PermanentConnectorError(
      `ADYEN_API_KEY may not download the reports of merchant account ${options.merchantAccount}: give its report user the Merchant Report role for it (403 ${detail})`,
      { cause: error },
    );
  }
  if (status === 404) {
    return new RetryLaterError(options.notReadyDelayMs ?? 30 * 60_000, `Adyen has not generated ${fileName} yet (404): daily reports appear after the day ends in the account's time zone`, { cause: error });
  }
  if (status === 429) return new RateLimitedError(`Adyen rate limit reached (429 ${detail})`, parseRetryAfter(headerOf(error, "retry-after")), { cause: error });
  if (status >= 400 && status < 500) return new PermanentConnectorError(`Adyen refused to send ${fileName} (${status} ${detail}); check ADYEN_REPORT_BASE`, { cause: error });
  return new Error(`Adyen report download of ${fileName} failed (${status} ${detail})`, { cause: error });
}
