import { describe, expect, it } from "vitest";
import { EVENT_SUBSCRIBERS, JOBS, QUEUE_NAMES, isJobName, parsePayload } from "./catalog";

const validSlice = {
  processor: "stripe",
  runDate: "2025-02-28",
  side: "processor",
  sliceIndex: 0,
  sliceStart: "2025-02-28T00:00:00.000Z",
  sliceEnd: "2025-02-28T06:00:00.000Z",
};

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("parsePayload", () => {
  it("accepts a valid fetch.slice payload and returns it", () => {
    expect(parsePayload("fetch.slice", validSlice)).toEqual(validSlice);
  });

  it("rejects a day that does not exist, naming the job and the field", () => {
    const error = errorOf(() => parsePayload("fetch.slice", { ...validSlice, runDate: "2025-02-30" }));
    expect(error.message).toMatch(/^invalid fetch\.slice payload: /);
    expect(error.message).toContain("runDate: expected a calendar day YYYY-MM-DD");
    expect(error.message).not.toContain("processor:");
  });

  it("rejects an unknown processor, naming the job and the field", () => {
    const error = errorOf(() => parsePayload("fetch.slice", { ...validSlice, processor: "venmo" }));
    expect(error.message).toMatch(/^invalid fetch\.slice payload: /);
    expect(error.message).toMatch(/(^|[ ;])processor: /);
    expect(error.message).not.toContain("runDate");
  });

  it("names every bad field at once", () => {
    const error = errorOf(() =>
      parsePayload("fetch.slice", { ...validSlice, processor: "venmo", runDate: "2025-13-01", sliceIndex: -1, sliceEnd: "tomorrow" }),
    );
    for (const field of ["processor", "runDate", "sliceIndex", "sliceEnd"]) expect(error.message).toContain(`${field}: `);
  });

  it("rejects a payload that is not an object, naming the payload", () => {
    expect(() => parsePayload("reconcile.run", "stripe")).toThrow(/^invalid reconcile\.run payload: \(payload\): /);
  });

  it("strips fields the schema does not know", () => {
    expect(parsePayload("fetch.slice", { ...validSlice, extra: 1 })).not.toHaveProperty("extra");
  });
});

describe("catalog", () => {
  it("routes every job to a declared queue and every subscriber to a declared job", () => {
    for (const definition of Object.values(JOBS)) expect(Object.keys(QUEUE_NAMES)).toContain(definition.queue);
    for (const jobs of Object.values(EVENT_SUBSCRIBERS)) for (const job of jobs) expect(isJobName(job)).toBe(true);
  });

  it("knows its own job names only", () => {
    expect(isJobName("fetch.slice")).toBe(true);
    expect(isJobName("toString")).toBe(false);
    expect(isJobName("fetch.everything")).toBe(false);
  });
});
