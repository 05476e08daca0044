import { describe, expect, it } from "vitest";
import { JOBS, OUTAGE_TO_OUTLAST_MS, totalBackoffMs, type JobName } from "./catalog";

describe("the catalog's retry schedules", () => {
  it.each(Object.keys(JOBS) as JobName[])("%s waits out an outage of 150 s before giving up", (name) => {
    expect(totalBackoffMs(JOBS[name].options)).toBeGreaterThanOrEqual(OUTAGE_TO_OUTLAST_MS);
  });

  it("sums BullMQ's exponential waits (delay·2^(n-1) after the n-th failure)", () => {
    expect(totalBackoffMs({ attempts: 6, backoff: { type: "exponential", delay: 5_000 } })).toBe(155_000);
    expect(totalBackoffMs({ attempts: 8, backoff: { type: "exponential", delay: 2_000 } })).toBe(254_000);
  });
});
