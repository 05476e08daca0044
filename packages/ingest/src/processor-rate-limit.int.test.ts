import { testRedisUrl, uniquePrefix } from "@recon/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createProcessorRateLimiter } from "./processor-rate-limit";

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

describe("per-processor fetch rate limiter (Redis)", () => {
  it("grants each processor its own budget per window and throttles only the one over it", async () => {
    const prefix = uniquePrefix("rate");
    const limiter = createProcessorRateLimiter(redis, prefix, { max: { stripe: 3, paypal: 1, square: 2, adyen: 2, internal: 5 }, windowMs: 1_000 });
    const stripe = [];
    for (let i = 0; i < 4; i++) stripe.push(await limiter.acquire("stripe"));
    expect(stripe.slice(0, 3)).toEqual([0, 0, 0]);
    expect(stripe[3]).toBeGreaterThan(0);
    expect(stripe[3]).toBeLessThanOrEqual(1_000);
    expect(await limiter.acquire("paypal")).toBe(0);
    expect(await limiter.acquire("paypal")).toBeGreaterThan(0);
    expect(await limiter.acquire("square")).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect(await limiter.acquire("stripe")).toBe(0);
    await redis.del(...["stripe", "paypal", "square"].map((g) => `${prefix}:fetch-rate:${g}`));
  });

  it("closes a group for a processor's Retry-After, for every worker", async () => {
    const prefix = uniquePrefix("rate");
    const limits = { max: { stripe: 100, paypal: 100, square: 100, adyen: 100, internal: 100 }, windowMs: 1_000 };
    const a = createProcessorRateLimiter(redis, prefix, limits);
    const b = createProcessorRateLimiter(redis, prefix, limits);
    await a.pause("square", 5_000);
    const wait = await b.acquire("square");
    expect(wait).toBeGreaterThan(4_000);
    expect(await b.acquire("stripe")).toBe(0);
    await a.pause("square", 1_000); // a shorter pause never shortens a longer one
    expect(await b.acquire("square")).toBeGreaterThan(3_000);
    await redis.del(`${prefix}:fetch-rate:square`, `${prefix}:fetch-rate:stripe`);
  });
});
