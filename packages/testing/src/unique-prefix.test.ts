import { describe, expect, it } from "vitest";
import { testRedisUrl } from "./redis-url";
import { uniquePrefix } from "./unique-prefix";

describe("test naming", () => {
  it("makes distinct, identifier-safe names", () => {
    const a = uniquePrefix("My Test: fetch/slice");
    expect(a).toMatch(/^my_test_fetch_slice_\d+_[a-z0-9]+_[0-9a-f]{6}$/);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(uniquePrefix("x")).not.toBe(uniquePrefix("x"));
  });

  it("defaults Redis to the local server", () => {
    expect(testRedisUrl()).toBe(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  });
});
