/**
 * Faults an emulator injects on purpose, picked by the ordinal of the request (1-based, counting
 * every request the emulator receives, including failed ones). Each emulator renders a fault in
 * its own processor's body and headers. Slow replies and truncated bodies join this union later.
 */
export type Fault =
  | {
      type: "rate_limit";
      /** Request ordinals that get a 429. */
      requests: number[];
      /** Retry-After header in seconds, default 1. */
      retryAfterSeconds?: number;
    }
  | {
      type: "server_error";
      requests: number[];
      /** Default 500. */
      status?: 500 | 502 | 503;
    };

export function faultFor(faults: readonly Fault[] | undefined, requestNumber: number): Fault | undefined {
  return faults?.find((fault) => fault.requests.includes(requestNumber));
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
