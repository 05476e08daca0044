import type { Exchange } from "@recon/sandbox";

export interface ArrivalFigures {
  requests: number;
  /** First to last arrival, ms. */
  spanMs: number;
  /** Requests a second between the first and the last arrival. */
  achievedRps: number;
  configuredPerWindow: number;
  configuredRps: number;
  /** achievedRps / configuredRps. */
  ratio: number;
  /** The most requests that arrived inside any one window of windowMs. */
  busiestWindow: number;
}

/**
 * The request rate an emulator saw, from the arrival time of each request it recorded: n requests
 * arriving over a span make n - 1 intervals, so the rate is (n - 1) / span; a limiter that spaces
 * requests exactly at the limit scores 1.
 */
export function arrivalFigures(exchanges: readonly Exchange[], perWindow: number, windowMs: number): ArrivalFigures {
  const arrivals = exchanges.map((exchange) => exchange.receivedAt).sort((a, b) => a - b);
  if (arrivals.length < 2) throw new Error(`the emulator received ${arrivals.length} request(s): too few to measure a rate`);
  const spanMs = arrivals.at(-1)! - arrivals[0]!;
  const achievedRps = ((arrivals.length - 1) * 1000) / Math.max(1, spanMs);
  const configuredRps = (perWindow * 1000) / windowMs;
  let busiestWindow = 0;
  for (let first = 0, last = 0; first < arrivals.length; first++) {
    while (last < arrivals.length && arrivals[last]! < arrivals[first]! + windowMs) last++;
    busiestWindow = Math.max(busiestWindow, last - first);
  }
  return { requests: arrivals.length, spanMs, achievedRps, configuredPerWindow: perWindow, configuredRps, ratio: achievedRps / configuredRps, busiestWindow };
}
