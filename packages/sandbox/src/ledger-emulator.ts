import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isProcessor } from "@recon/domain";
import { applyCorruption, faultFor, sendWithTransportFault, type Fault, type RecordCorruptions } from "./faults";
import { compareLedger } from "./scenario-parts";
import { bearerToken, closeServer, DEFAULT_HOST, listen, sendJson } from "./http-util";
import type { LedgerRecord } from "./ledger-record";
import { daysCovering, type ScenarioStore } from "./scenario-store";

export interface LedgerEmulatorOptions {
  store: ScenarioStore;
  /** The only bearer token accepted, default "ledger_sandbox". */
  token?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  faults?: Fault[];
  /** Field overrides by ledger record id (see RecordCorruptions). */
  corrupt?: RecordCorruptions;
}

export interface LedgerEmulator {
  baseUrl: string;
  token: string;
  /** Requests received so far, every path and outcome included. */
  requestCount: () => number;
  close(): Promise<void>;
}

export const DEFAULT_LEDGER_TOKEN = "ledger_sandbox";
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 1000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

class LedgerHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(error);
  }
}

/**
 * Emulates the company's ledger API (contract in ledger-record.ts):
 * `GET /v1/transactions?processor=&from=&to=&limit=&cursor=` over the [from, to) window.
 */
export async function startLedgerEmulator(options: LedgerEmulatorOptions): Promise<LedgerEmulator> {
  const token = options.token ?? DEFAULT_LEDGER_TOKEN;
  let requests = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requests += 1;
    try {
      const fault = faultFor(options.faults, requests);
      if (fault?.type === "rate_limit") {
        throw new LedgerHttpError(429, "rate_limited", { "retry-after": String(fault.retryAfterSeconds ?? 1) });
      }
      if (fault?.type === "server_error") throw new LedgerHttpError(fault.status ?? 500, "internal_error");
      if (bearerToken(req) !== token) throw new LedgerHttpError(401, "unauthorized");
      const url = new URL(req.url ?? "/", "http://sandbox");
      if (req.method !== "GET" || url.pathname !== "/v1/transactions") throw new LedgerHttpError(404, "not_found");
      sendWithTransportFault(res, fault, 200, listTransactions(url.searchParams, options));
    } catch (error) {
      if (error instanceof LedgerHttpError) {
        sendJson(res, error.status, { error: error.error }, error.headers);
        return;
      }
      sendJson(res, 500, { error: `sandbox failure: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  const server = createServer(handle);
  const baseUrl = await listen(server, options.host ?? DEFAULT_HOST, options.port ?? 0);
  return { baseUrl, token, requestCount: () => requests, close: () => closeServer(server) };
}

interface Cursor {
  occurredAt: string;
  id: string;
}

function listTransactions(params: URLSearchParams, options: LedgerEmulatorOptions): unknown {
  const processor = params.get("processor");
  if (!processor) throw new LedgerHttpError(400, "processor: required");
  if (!isProcessor(processor)) throw new LedgerHttpError(400, `processor: unknown processor "${processor}"`);
  const from = parseInstant(params.get("from"), "from");
  const to = parseInstant(params.get("to"), "to");
  if (to.getTime() <= from.getTime()) throw new LedgerHttpError(400, "to: must be after from");
  const limit = parseLimit(params.get("limit"));
  const cursorParam = params.get("cursor");
  const cursor = cursorParam === null ? null : decodeCursor(cursorParam);

  let days: string[];
  try {
    days = daysCovering(from.getTime(), to.getTime());
  } catch (error) {
    throw new LedgerHttpError(400, `to: ${(error as Error).message}`);
  }
  const inWindow: LedgerRecord[] = [];
  for (const day of days) {
    for (const record of options.store.day(processor, day).ledger) {
      const at = Date.parse(record.occurred_at);
      if (at >= from.getTime() && at < to.getTime()) inWindow.push(record);
    }
  }
  inWindow.sort(compareLedger);
  const remaining = cursor
    ? inWindow.filter((r) => compareLedger(r, { occurred_at: cursor.occurredAt, id: cursor.id } as LedgerRecord) > 0)
    : inWindow;
  const page = remaining.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = remaining.length > limit && last ? encodeCursor({ occurredAt: last.occurred_at, id: last.id }) : null;
  return { data: page.map((record) => applyCorruption(record, options.corrupt)), next_cursor: nextCursor };
}

function parseInstant(raw: string | null, name: string): Date {
  if (raw === null) throw new LedgerHttpError(400, `${name}: required (ISO 8601 instant)`);
  const parsed = new Date(raw);
  if (!ISO_INSTANT.test(raw) || Number.isNaN(parsed.getTime())) {
    throw new LedgerHttpError(400, `${name}: expected an ISO 8601 instant such as 2024-03-01T00:00:00Z, got "${raw}"`);
  }
  return parsed;
}

function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_LIMIT) {
    throw new LedgerHttpError(400, `limit: expected an integer from 1 to ${MAX_LIMIT}, got "${raw}"`);
  }
  return limit;
}

/** Opaque to clients: the (occurred_at, id) of the last record served, base64url JSON. */
function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredAt, cursor.id])).toString("base64url");
}

function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string") {
      return { occurredAt: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the 400 below: a cursor we did not issue.
  }
  throw new LedgerHttpError(400, "cursor: not a cursor this API issued");
}
