// The fetch job's side of rate limiting (past its admission as a slice of a live run), with the
// queue and database stubbed out: an over-budget
// slice and a processor's 429 both put the job back to delayed (RetryLaterError), the 429
// for exactly the processor's Retry-After, which also closes that processor's budget; a 429
// without Retry-After is a failed attempt for BullMQ's backoff. The same through the real worker
// on Redis: fetch-slice-rate-limit.int.test.ts.
import { RateLimitedError } from "@recon/connectors";
import { RetryLaterError } from "@recon/domain";
import type { FetchingFleetContext } from "@recon/fleet";
import type { JobContext } from "@recon/queue";
import type { Job } from "bullmq";
import { describe, expect, it, vi } from "vitest";
import { fetchAdmittedSlice } from "./fetch-slice.job";
import type { ProcessorRateLimiter, RateGroup } from "./processor-rate-limit";

const payload = {
  processor: "paypal" as const,
  runDate: "2025-10-09",
  side: "processor" as const,
  sliceIndex: 0,
  sliceStart: "2025-10-09T00:00:00.000Z",
  sliceEnd: "2025-10-10T00:00:00.000Z",
};

function harness(options: { wait: number; error?: Error }) {
  const fetch = vi.fn(() => {
    if (options.error) throw options.error;
    return (async function* () {})();
  });
  const ctx = {
    config: { QUEUE_PREFIX: "t" },
    queues: { connection: { incr: vi.fn(() => Promise.resolve(1)), expire: vi.fn(() => Promise.resolve(1)) } },
    sources: { processor: () => ({ processor: "paypal", fetch }) },
  } as unknown as FetchingFleetContext;
  const paused: Array<[RateGroup, number]> = [];
  const acquire = vi.fn((_group: RateGroup) => Promise.resolve(options.wait));
  const limiter: ProcessorRateLimiter = {
    acquire,
    pause: (group, ms) => {
      paused.push([group, ms]);
      return Promise.resolve();
    },
  };
  const job = { job: { id: "j1" } as unknown as Job, isFinalAttempt: false, log: { warn: vi.fn(), info: vi.fn() } } as unknown as JobContext;
  return { handler: fetchAdmittedSlice(ctx, limiter), job, paused, fetch, acquire };
}

describe("fetch.slice rate limiting", () => {
  it("puts an over-budget slice back to delayed without fetching", async () => {
    const h = harness({ wait: 700 });
    const deferred = h.handler(payload, h.job);
    await expect(deferred).rejects.toBeInstanceOf(RetryLaterError);
    await expect(deferred).rejects.toMatchObject({ delayMs: 700 });
    expect(h.acquire).toHaveBeenCalledWith("paypal");
    expect(h.fetch).not.toHaveBeenCalled();
  });

  it("honours a processor's Retry-After: closes its budget and delays the slice that long", async () => {
    const h = harness({ wait: 0, error: new RateLimitedError("PayPal rate limit reached (429 RATE_LIMIT_REACHED)", 4_000) });
    const deferred = h.handler(payload, h.job);
    await expect(deferred).rejects.toBeInstanceOf(RetryLaterError);
    await expect(deferred).rejects.toMatchObject({ delayMs: 4_000 });
    expect(h.paused).toEqual([["paypal", 4_000]]);
  });

  it("leaves a 429 without Retry-After to BullMQ's backoff: rethrown as is, nothing paused or deferred", async () => {
    const error = new RateLimitedError("Stripe rate limit reached (429 rate_limit)", undefined);
    const h = harness({ wait: 0, error });
    await expect(h.handler(payload, h.job)).rejects.toBe(error);
    expect(h.paused).toEqual([]);
  });
});
