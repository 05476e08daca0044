import { describe, expect, it } from "vitest";
import { readPaypalDateTime } from "./paypal-date-time";

const at = (value: string) => readPaypalDateTime(value).toISOString();

describe("readPaypalDateTime", () => {
  it("reads Z (either case) and T in either case", () => {
    expect(at("2025-10-09T12:34:56Z")).toBe("2025-10-09T12:34:56.000Z");
    expect(at("2025-10-09t12:34:56z")).toBe("2025-10-09T12:34:56.000Z");
  });

  it("reads ±hh:mm offsets, the description's form", () => {
    expect(at("2025-10-09T12:34:56+00:00")).toBe("2025-10-09T12:34:56.000Z");
    expect(at("2025-10-09T05:34:56-07:00")).toBe("2025-10-09T12:34:56.000Z");
    expect(at("2025-10-09T18:04:56+05:30")).toBe("2025-10-09T12:34:56.000Z");
    // Across midnight and a month end.
    expect(at("2025-10-31T23:30:00-01:00")).toBe("2025-11-01T00:30:00.000Z");
  });

  it("reads ±hhmm offsets, as real replies write them", () => {
    expect(at("2025-10-09T12:34:56+0000")).toBe("2025-10-09T12:34:56.000Z");
    expect(at("2025-10-09T05:34:56-0700")).toBe("2025-10-09T12:34:56.000Z");
    expect(at("2025-10-09T18:04:56+0530")).toBe("2025-10-09T12:34:56.000Z");
  });

  it("reads fractional seconds exactly, to the millisecond", () => {
    expect(at("2025-10-09T12:34:56.5Z")).toBe("2025-10-09T12:34:56.500Z");
    expect(at("2025-10-09T12:34:56.123+00:00")).toBe("2025-10-09T12:34:56.123Z");
    expect(at("2025-10-09T12:34:56.120000-0000")).toBe("2025-10-09T12:34:56.120Z");
  });

  it("reads a leap day and refuses a day that does not exist instead of rolling it over", () => {
    expect(at("2024-02-29T00:00:00Z")).toBe("2024-02-29T00:00:00.000Z");
    expect(() => readPaypalDateTime("2025-02-29T00:00:00Z")).toThrow('"2025-02-29T00:00:00Z" is not a real date');
    expect(() => readPaypalDateTime("2025-04-31T00:00:00Z")).toThrow("is not a real date");
    expect(() => readPaypalDateTime("2025-13-01T00:00:00Z")).toThrow("is not a real date");
  });

  it("refuses what it cannot hold exactly: a fraction finer than a millisecond, a leap second", () => {
    expect(() => readPaypalDateTime("2025-10-09T12:34:56.1234Z")).toThrow("finer than a millisecond");
    expect(() => readPaypalDateTime("2016-12-31T23:59:60Z")).toThrow("leap second");
  });

  it("refuses other forms: no seconds, no offset, a space, a bad time or offset", () => {
    for (const value of ["2025-10-09T12:34Z", "2025-10-09T12:34:56", "2025-10-09 12:34:56Z", "2025-10-09", "2025-10-09T12:34:56+00", "2025-10-09T12:34:56 +0000", "1760013296"]) {
      expect(() => readPaypalDateTime(value), value).toThrow(`"${value}" is not an RFC 3339 date-time with seconds and an offset (Z, ±hh:mm or ±hhmm)`);
    }
    expect(() => readPaypalDateTime("2025-10-09T24:00:00Z")).toThrow("is not a real time of day or offset");
    expect(() => readPaypalDateTime("2025-10-09T12:60:00Z")).toThrow("is not a real time of day or offset");
    expect(() => readPaypalDateTime("2025-10-09T12:00:00+24:00")).toThrow("is not a real time of day or offset");
    expect(() => readPaypalDateTime("2025-10-09T12:00:00+01:60")).toThrow("is not a real time of day or offset");
  });
});
