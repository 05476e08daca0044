import type { Processor } from "@recon/domain";
import type { Fault } from "@recon/sandbox";
import type { startSourcesSandbox } from "@recon/sources";

/** A past day, so every Adyen report it reads (the day, its neighbours, the lookahead days) exists. */
export const BENCH_RUN_DATE = "2025-10-09";

/** Seconds of requests at the configured rate each fetch should take: long enough that start-up does not count. */
const BENCH_SECONDS = 12;

/**
 * Records one request brings back with the connector's default page size (Stripe 100, PayPal 500,
 * Square 100). Adyen downloads whole daily reports instead: about four per slice (the day, a
 * neighbour when the zone needs it, and the lookahead days), whatever the day's size.
 */
const RECORDS_PER_REQUEST: Record<Exclude<Processor, "adyen">, number> = { stripe: 100, paypal: 500, square: 100 };
const ADYEN_REQUESTS_PER_SLICE = 4;
// Small reports: each slice parses every report it downloads, and that parsing shares the CPU
// with the emulator in this one process; the bench measures the request rate, not the parser.
const ADYEN_DAY_SIZE = 100;
/**
 * One slice sends its requests one after another, so the slices fetched at once must together
 * have enough in flight: each slice gets at least this long per request (a loaded 2-core box
 * answers a 100-record Stripe page with its sources expanded in well under it).
 */
const SLICE_REQUEST_BUDGET_MS = 250;

export interface BenchPlan {
  /** Processor records in the generated day. */
  size: number;
  /** Slices of the day fetched at once. */
  slices: number;
  /** Requests answered with a 429 or a 5xx, which the connector's client retries. */
  faults: Fault[];
  faultCount: number;
}

/** A day and slicing that take about BENCH_SECONDS at `rate` requests a second, with a few transient errors planted. */
export function benchPlan(processor: Processor, rate: number, configuredSlices: number): BenchPlan {
  const requests = BENCH_SECONDS * rate;
  const size = processor === "adyen" ? ADYEN_DAY_SIZE : requests * RECORDS_PER_REQUEST[processor];
  // Adyen's requests grow with slices, not records: slice the day finely enough (FETCH_SLICES allows up to 96).
  // The others: FETCH_SLICES, or more when fewer slices could not keep the limit busy.
  const slices =
    processor === "adyen"
      ? Math.min(96, Math.ceil(requests / ADYEN_REQUESTS_PER_SLICE))
      : Math.max(configuredSlices, Math.ceil((rate * SLICE_REQUEST_BUDGET_MS) / 1000));
  const at = [0.1, 0.3, 0.5, 0.7, 0.9].map((share) => Math.max(2, Math.round(requests * share)));
  // Stripe's SDK retries 5xx but passes a 429 on to the fetch job (which defers the slice): plant 5xx only there.
  const rateLimited = processor === "stripe" ? [] : at.filter((_, i) => i % 2 === 0);
  const serverErrors = at.filter((ordinal) => !rateLimited.includes(ordinal));
  const faults: Fault[] = [
    ...(rateLimited.length > 0 ? [{ type: "rate_limit" as const, requests: rateLimited, retryAfterSeconds: 1 }] : []),
    { type: "server_error", requests: serverErrors, status: 503 },
  ];
  return { size, slices, faults, faultCount: at.length };
}

/** The sandbox for one processor's bench: the plan's day size, its faults on that processor's emulator only. */
export function sandboxOptionsFor(processor: Processor, plan: BenchPlan): NonNullable<Parameters<typeof startSourcesSandbox>[0]> {
  const base = { size: plan.size, runDates: [BENCH_RUN_DATE], recordExchanges: true };
  if (processor === "adyen") return { ...base, pluginKnobs: { adyen: { faults: plan.faults } } };
  return { ...base, [processor]: { faults: plan.faults } };
}
