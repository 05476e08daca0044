import { describe, expect, it } from "vitest";
import { deterministicUuid, runEventId } from "./event-id";

const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("deterministicUuid", () => {
  it("is stable for a name", () => {
    expect(deterministicUuid("run-stripe-2025-01-15-1")).toBe(deterministicUuid("run-stripe-2025-01-15-1"));
  });

  it("is an RFC 4122 version 5 UUID", () => {
    for (const name of ["", "a", "run-stripe-2025-01-15-1:run.completed", "ünïcödé"]) {
      const id = deterministicUuid(name);
      expect(id).toMatch(V5);
      const bytes = Buffer.from(id.replaceAll("-", ""), "hex");
      expect(bytes).toHaveLength(16);
      expect(bytes[6]! >> 4).toBe(5);
      expect(bytes[8]! >> 6).toBe(0b10);
    }
  });

  it("differs per name", () => {
    const names = Array.from({ length: 200 }, (_, index) => `name-${index}`);
    expect(new Set(names.map(deterministicUuid)).size).toBe(names.length);
    expect(deterministicUuid("a")).not.toBe(deterministicUuid("A"));
  });

  it("matches the standard v5 construction with recon's namespace", () => {
    // Known answers from Python's uuid.uuid5(UUID("6f1f4c1e-8a53-4b0c-9d0b-2f6f3e9c7a41"), name).
    expect(deterministicUuid("recon")).toBe("a4b857ff-cf1f-58dc-8018-f6d204f6a64b");
    expect(deterministicUuid("run-stripe-2025-01-15-1:run.completed")).toBe("31d336bb-7236-5429-9474-263d158c1595");
  });
});

describe("runEventId", () => {
  it("differs for completed and failed, and is stable per (job, outcome)", () => {
    const completed = runEventId("run-stripe-2025-01-15-1", "completed");
    const failed = runEventId("run-stripe-2025-01-15-1", "failed");
    expect(completed).not.toBe(failed);
    expect(completed).toMatch(V5);
    expect(failed).toMatch(V5);
    expect(runEventId("run-stripe-2025-01-15-1", "completed")).toBe(completed);
    expect(completed).toBe("31d336bb-7236-5429-9474-263d158c1595");
    expect(runEventId("run-stripe-2025-01-15-2", "completed")).not.toBe(completed);
  });
});
