import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { todayUtc } from "@recon/domain";
import {
  closeServer,
  DEFAULT_HOST,
  faultFor,
  listen,
  recordingExchanges,
  retryAfterHeader,
  sendJson,
  type Exchange,
  type Fault,
  type RecordCorruptions,
} from "@recon/sandbox";
import { SANDBOX_MERCHANT_ACCOUNT } from "./adyen-kit";
import type { AdyenReportDay } from "./adyen-raw";
import { dayOfPaymentAccountingFile, PAR, PAR_COLUMNS } from "./payment-accounting-columns";
import { writeReportCsv } from "./report-csv";

const DEFAULT_ADYEN_API_KEY = "adyen_sandbox_report_key";

export interface AdyenEmulatorOptions {
  /** The generated day of a run date (YYYY-MM-DD). */
  day(runDate: string): AdyenReportDay;
  /** The only X-API-Key accepted, default DEFAULT_ADYEN_API_KEY. */
  apiKey?: string;
  /** The only merchant account the key may read, default the sandbox's. */
  merchantAccount?: string;
  /** Whether a day's report has been generated; default every day before today (UTC). */
  available?: (day: string) => boolean;
  host?: string;
  port?: number;
  faults?: Fault[];
  /** Cell overrides by PSP reference (or "PSP:Record Type" for one line), applied as served. */
  corrupt?: RecordCorruptions;
  recordExchanges?: boolean;
}

export interface AdyenEmulator {
  baseUrl: string;
  apiKey: string;
  merchantAccount: string;
  requestCount(): number;
  exchanges(): readonly Exchange[];
  close(): Promise<void>;
}

/** Adyen's error body (status, errorCode, message, errorType): https://docs.adyen.com/development-resources/error-codes */
interface ServiceError {
  status: number;
  errorCode: string;
  message: string;
  errorType: string;
}

class AdyenHttpError extends Error {
  constructor(
    readonly body: ServiceError,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

const DOWNLOAD_PATH = /^\/reports\/download\/MerchantAccount\/([^/]+)\/([^/]+)$/;

/**
 * Emulates Adyen's report download: `GET /reports/download/MerchantAccount/{merchantAccount}/{fileName}`
 * with the report user's API key in `X-API-Key` (https://docs.adyen.com/reporting/downloading-reports),
 * serving the Payment accounting report of every generated day as CSV. 401 for a missing or wrong
 * key, 403 for another merchant account, 404 for a file that does not exist (yet): a day not
 * generated, or any other file name.
 */
export async function startAdyenEmulator(options: AdyenEmulatorOptions): Promise<AdyenEmulator> {
  const apiKey = options.apiKey ?? DEFAULT_ADYEN_API_KEY;
  const merchantAccount = options.merchantAccount ?? SANDBOX_MERCHANT_ACCOUNT;
  const available = options.available ?? ((day: string) => day < todayUtc());
  let requests = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requests += 1;
    try {
      const fault = faultFor(options.faults, requests);
      if (fault?.type === "rate_limit") {
        throw new AdyenHttpError({ status: 429, errorCode: "000", message: "Too Many Requests", errorType: "validation" }, retryAfterHeader(fault));
      }
      if (fault?.type === "server_error") {
        const status = fault.status ?? 500;
        throw new AdyenHttpError({ status, errorCode: "905", message: "Internal error", errorType: "internal" });
      }
      const key = req.headers["x-api-key"];
      if (fault?.type === "unauthorized" || key !== apiKey) {
        throw new AdyenHttpError({ status: 401, errorCode: "000", message: "HTTP Status Response - Unauthorized", errorType: "security" });
      }
      const url = new URL(req.url ?? "/", "http://sandbox");
      const match = req.method === "GET" ? DOWNLOAD_PATH.exec(url.pathname) : null;
      if (!match) throw notFound();
      if (decodeURIComponent(match[1]!) !== merchantAccount) {
        throw new AdyenHttpError({ status: 403, errorCode: "010", message: "Not allowed", errorType: "security" });
      }
      const day = dayOfPaymentAccountingFile(decodeURIComponent(match[2]!));
      if (day === null || !isCalendarDay(day) || !available(day)) throw notFound();
      const lines = options.day(day).lines.map((line) => corrupted(line, options.corrupt));
      sendCsv(res, writeReportCsv(PAR_COLUMNS, lines), fault);
    } catch (error) {
      if (error instanceof AdyenHttpError) {
        sendJson(res, error.body.status, error.body, error.headers);
        return;
      }
      sendJson(res, 500, { status: 500, errorCode: "905", message: `sandbox failure: ${(error as Error).message}`, errorType: "internal" });
    }
  };

  const exchanges: Exchange[] = [];
  const server = createServer(recordingExchanges(handle, options.recordExchanges ? exchanges : undefined));
  const baseUrl = await listen(server, options.host ?? DEFAULT_HOST, options.port ?? 0);
  return { baseUrl, apiKey, merchantAccount, requestCount: () => requests, exchanges: () => exchanges, close: () => closeServer(server) };
}

const notFound = (): AdyenHttpError => new AdyenHttpError({ status: 404, errorCode: "000", message: "Not Found", errorType: "validation" });

function isCalendarDay(day: string): boolean {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
}

function corrupted(line: Record<string, string>, corrupt: RecordCorruptions | undefined): Record<string, string> {
  const psp = line[PAR.pspReference] ?? "";
  const patch = { ...corrupt?.[psp], ...corrupt?.[`${psp}:${line[PAR.recordType] ?? ""}`] };
  return Object.keys(patch).length > 0 ? { ...line, ...(patch as Record<string, string>) } : line;
}

/** The CSV reply, or a transport fault: sent late (`slow`) or cut after half its bytes (`truncated`). */
function sendCsv(res: ServerResponse, body: string, fault: Fault | undefined): void {
  const payload = Buffer.from(body, "utf8");
  const send = (): void => {
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-length": String(payload.length) });
    if (fault?.type === "truncated") {
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
      return;
    }
    res.end(body);
  };
  if (fault?.type === "slow") {
    const timer = setTimeout(send, fault.delayMs ?? 5_000);
    res.once("close", () => clearTimeout(timer));
    return;
  }
  send();
}
