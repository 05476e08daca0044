import type { Fault, SandboxOptions } from "@recon/sandbox";

/** Every `step`-th request ordinal from `first`, up to `last`. */
function every(first: number, step: number, last = 20_000): number[] {
  const out: number[] = [];
  for (let n = first; n <= last; n += step) out.push(n);
  return out;
}

/**
 * Transient faults on every emulator, spread over the requests of the whole suite: a 503 about
 * one request in 23, a 429 one in 31, a reply cut in half one in 47. A correct fleet retries
 * them all away; none may change an outcome.
 */
const TRANSIENT: Fault[] = [
  { type: "server_error", status: 503, requests: every(7, 23) },
  { type: "rate_limit", retryAfterSeconds: 1, requests: every(11, 31) },
  { type: "truncated", requests: every(19, 47) },
];

/** The sandbox of the chaos phases: the same data as the fleet's built-in one (seed 1, 200 a day), faults on. */
export const FAULTY_SANDBOX: SandboxOptions = {
  stripe: { faults: TRANSIENT },
  ledger: { faults: TRANSIENT },
  // As the fleet's own sandbox: a generated day is complete at once (no reporting lag).
  paypal: { faults: TRANSIENT, lagSeconds: -2 * 86_400 },
  square: { faults: TRANSIENT },
};
