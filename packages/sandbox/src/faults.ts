import type { ServerResponse } from "node:http";

/**
 * Faults an emulator injects on purpose, picked by the ordinal of the request (1-based, counting
 * every request the emulator receives, including failed ones). Each emulator renders rate limits
 * and server errors in its own processor's body and headers; slow and truncated replies are
 * transport faults and look the same everywhere.
 */
export type Fault =
  | {
      type: "rate_limit";
      /** Request ordinals that get a 429. */
      requests: number[];
      /**
       * Retry-After header in seconds, default 1; null sends none (PayPal does not promise one and
       * Stripe does not document one on its 429). The PayPal and Stripe emulators honour null; the
       * others still send 1.
       */
      retryAfterSeconds?: number | null;
    }
  | {
      /**
       * 401 in the body the endpoint itself uses for a credential it does not accept, as when a
       * token expires or is revoked between two requests. Rendered by the PayPal emulator (search:
       * AUTHENTICATION_FAILURE; token endpoint: OAuth's invalid_client); the other emulators do not
       * render it yet.
       */
      type: "unauthorized";
      requests: number[];
    }
  | {
      type: "server_error";
      requests: number[];
      /** Default 500. */
      status?: 500 | 502 | 503;
    }
  | {
      /** The normal reply, sent only after `delayMs`: past a client's timeout, it is a timeout. */
      type: "slow";
      requests: number[];
      /** Default 5000 ms. */
      delayMs?: number;
    }
  | {
      /**
       * The normal reply's headers (with the full Content-Length) and only the first half of its
       * body, then the connection is cut: what a proxy dying mid-reply looks like to a client.
       */
      type: "truncated";
      requests: number[];
    };

/** The Retry-After header of a rate-limit fault: the given seconds (default 1), none when null. */
export function retryAfterHeader(fault: Extract<Fault, { type: "rate_limit" }>): Record<string, string> {
  return fault.retryAfterSeconds === null ? {} : { "retry-after": String(fault.retryAfterSeconds ?? 1) };
}

export function faultFor(faults: readonly Fault[] | undefined, requestNumber: number): Fault | undefined {
  return faults?.find((fault) => fault.requests.includes(requestNumber));
}

/**
 * Sends a JSON reply through a transport fault when one applies: after a delay (`slow`) or cut
 * halfway (`truncated`); otherwise at once. Emulators call it for their successful replies.
 */
export function sendWithTransportFault(
  res: ServerResponse,
  fault: Fault | undefined,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  const send = (): void => {
    if (res.destroyed) return;
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload).toString(),
      ...headers,
    });
    if (fault?.type === "truncated") {
      const half = Buffer.from(payload).subarray(0, Math.floor(Buffer.byteLength(payload) / 2));
      res.write(half, () => res.destroy());
      return;
    }
    res.end(payload);
  };
  if (fault?.type === "slow") {
    const timer = setTimeout(send, fault.delayMs ?? 5_000);
    // A client that gave up must not keep the emulator's close() waiting for the timer.
    res.once("close", () => clearTimeout(timer));
    return;
  }
  send();
}

/**
 * Field overrides by record id, applied to the record as served (after expansion), so a test can
 * plant a malformed record in an otherwise good page: `{ txn_abc: { amount: "12.5" } }`.
 * The ground truth is not changed by corruption.
 */
export type RecordCorruptions = Record<string, Record<string, unknown>>;

export function applyCorruption<T extends { id: string }>(record: T, corrupt: RecordCorruptions | undefined): T {
  const patch = corrupt?.[record.id];
  return patch ? { ...record, ...patch } : record;
}
