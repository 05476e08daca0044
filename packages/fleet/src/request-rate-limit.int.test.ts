import { testRedisUrl, uniquePrefix } from "@recon/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRequestRateLimiter, type RequestRateLimits } from "./request-rate-limit";

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

const LIMITS: RequestRateLimits = { max: { stripe: 25, paypal: 10, square: 10, adyen: 3, internal: 50 }, windowMs: 1_000 };

/** The most slot starts inside any window of `windowMs` (each window opening at a start). */
function busiestWindow(startsMs: number[], windowMs: number): number {
  const sorted = [...startsMs].sort((a, b) => a - b);
  return Math.max(...sorted.map((start) => sorted.filter((at) => at >= start && at < start + windowMs).length));
}

// Counted on the slots Redis hands out, not on a clock: booking is instant, so this holds however
// slow the machine is.
describe("fleet request rate limiter (Redis)", () => {
  it("books every slot of the limit and never more than the limit in any window, across workers", async () => {
    const prefix = uniquePrefix("request-rate");
    const workers = [createRequestRateLimiter(redis, prefix, LIMITS), createRequestRateLimiter(redis, prefix, LIMITS)];
    // Three seconds' worth of requests asked for at once by two workers, interleaved.
    const slots = await Promise.all(Array.from({ length: 75 }, (_, i) => workers[i % 2]!.reserve("stripe")));
    const starts = slots.map((slot) => slot.startsAtMs);

    expect(busiestWindow(starts, LIMITS.windowMs)).toBe(25);
    // No slot is lost: consecutive starts are exactly one interval (40 ms) apart, so the limit is reached.
    const sorted = [...starts].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((at, i) => at - sorted[i]!);
    expect(Math.min(...gaps)).toBe(40);
    expect(Math.max(...gaps)).toBe(40);
    // Each caller waits for its own slot: the last one about three seconds.
    expect(Math.max(...slots.map((slot) => slot.waitMs))).toBeGreaterThan(2_900);
    await redis.del(`${prefix}:request-rate:stripe`);
  });

  it("keeps each source's schedule apart, and rounds an uneven interval up rather than exceed the limit", async () => {
    const prefix = uniquePrefix("request-rate");
    const limiter = createRequestRateLimiter(redis, prefix, LIMITS);
    const adyen = await Promise.all(Array.from({ length: 9 }, () => limiter.reserve("adyen")));
    const paypal = await limiter.reserve("paypal");
    expect(paypal.waitMs).toBeLessThan(50); // Adyen's queue does not hold PayPal back
    // 1000 ms / 3 = 333.33 ms: booked 333.334 ms apart, so three never fit in a window.
    expect(busiestWindow(adyen.map((slot) => slot.startsAtMs), LIMITS.windowMs)).toBe(3);
    await redis.del(`${prefix}:request-rate:adyen`, `${prefix}:request-rate:paypal`);
  });

  it("a gate lets its request go only once its slot has come, on Redis's clock", async () => {
    const prefix = uniquePrefix("request-rate");
    const limiter = createRequestRateLimiter(redis, prefix, LIMITS);
    let last = 0;
    for (let i = 0; i < 4; i++) last = (await limiter.reserve("square")).startsAtMs; // four slots 100 ms apart
    await limiter.gate("square")(); // the fifth slot: 100 ms after the fourth
    const [seconds, micros] = await redis.time();
    expect(Number(seconds) * 1000 + Number(micros) / 1000).toBeGreaterThanOrEqual(last + 100);
    await redis.del(`${prefix}:request-rate:square`);
  });

  it("holds a source's requests for a Retry-After, for every worker, and never shortens a longer hold", async () => {
    const prefix = uniquePrefix("request-rate");
    const a = createRequestRateLimiter(redis, prefix, LIMITS);
    const b = createRequestRateLimiter(redis, prefix, LIMITS);
    await a.pause("paypal", 5_000);
    expect((await b.reserve("paypal")).waitMs).toBeGreaterThan(4_000);
    await a.pause("paypal", 1_000);
    expect((await b.reserve("paypal")).waitMs).toBeGreaterThan(4_000);
    expect((await b.reserve("stripe")).waitMs).toBeLessThan(1_000); // other sources go on
    await redis.del(`${prefix}:request-rate:paypal`, `${prefix}:request-rate:stripe`);
  });
});
