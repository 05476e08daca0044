import { describe, expect, it } from "vitest";
import { parseFrom } from "./audit.command";

describe("recon audit verify --from", () => {
  it("takes a seq, a UTC date or an ISO instant", () => {
    expect(parseFrom(undefined)).toBeUndefined();
    expect(parseFrom("42")).toBe(42n);
    expect(parseFrom("2026-12-01")).toEqual(new Date("2026-12-01T00:00:00.000Z"));
    expect(parseFrom("2026-12-01T10:30:00+02:00")).toEqual(new Date("2026-12-01T08:30:00.000Z"));
  });

  it.each(["0", "-3", "2026-02-30", "2026-12-01T25:00:00Z", "12/01/2026", "last week"])("refuses %s, saying what it takes", (raw) => {
    expect(() => parseFrom(raw)).toThrow(`--from must be a seq (a whole number from 1) or a date (YYYY-MM-DD, UTC, or an ISO instant), got "${raw}"`);
  });
});
