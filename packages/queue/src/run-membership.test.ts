import { describe, expect, it } from "vitest";
import type { JobPayload } from "./catalog";
import { sliceWindowProblem } from "./run-membership";

const HOUR = 3_600_000;
const slice = (sliceStart: string, sliceEnd: string): JobPayload<"fetch.slice"> => ({
  processor: "paypal",
  runDate: "2025-10-09",
  side: "internal",
  sliceIndex: 0,
  sliceStart,
  sliceEnd,
});

describe("sliceWindowProblem", () => {
  it("accepts the day itself and the day widened by exactly the grace", () => {
    expect(sliceWindowProblem(slice("2025-10-09T00:00:00.000Z", "2025-10-10T00:00:00.000Z"), HOUR)).toBeUndefined();
    expect(sliceWindowProblem(slice("2025-10-08T23:00:00.000Z", "2025-10-10T01:00:00.000Z"), HOUR)).toBeUndefined();
  });

  it("refuses a window one millisecond past the grace on either side, naming the bounds", () => {
    expect(sliceWindowProblem(slice("2025-10-08T22:59:59.999Z", "2025-10-09T06:00:00.000Z"), HOUR)).toBe(
      "fetch slice window 2025-10-08T22:59:59.999Z..2025-10-09T06:00:00.000Z lies outside paypal's day 2025-10-09 " +
        "widened by the 60 min grace (2025-10-08T23:00:00.000Z..2025-10-10T01:00:00.000Z)",
    );
    expect(sliceWindowProblem(slice("2025-10-09T18:00:00.000Z", "2025-10-10T01:00:00.001Z"), HOUR)).toMatch(/lies outside paypal's day/);
  });

  it("with no grace, the day is the bound", () => {
    expect(sliceWindowProblem(slice("2025-10-08T23:59:59.999Z", "2025-10-09T06:00:00.000Z"), 0)).toMatch(/widened by the 0 min grace/);
  });

  it("refuses the reported 1970..2100 window, and an empty or reversed one", () => {
    expect(sliceWindowProblem(slice("1970-01-01T00:00:00.000Z", "2100-01-01T00:00:00.000Z"), HOUR)).toMatch(/lies outside/);
    expect(sliceWindowProblem(slice("2025-10-09T06:00:00.000Z", "2025-10-09T06:00:00.000Z"), HOUR)).toBe(
      "fetch slice window 2025-10-09T06:00:00.000Z..2025-10-09T06:00:00.000Z is empty or reversed",
    );
    expect(sliceWindowProblem(slice("2025-10-09T07:00:00.000Z", "2025-10-09T06:00:00.000Z"), HOUR)).toMatch(/empty or reversed/);
  });
});
