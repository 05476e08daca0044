import { describe, expect, it } from "vitest";
import { dayReadings, isIanaZone, localInstant, readClock, readDay, resolveZone, type ZoneRule } from "./local-time";
import { NAMED_ZONES } from "./time-zone-names";

const instant = (date: string, order: "ymd" | "mdy" | "dmy", time: string, zone: string): string =>
  localInstant(readDay(date, order), readClock(time), resolveZone(zone)!).toISOString();

describe("local dates", () => {
  it("lists every order a date can be read in", () => {
    expect(dayReadings("2025-10-09")).toEqual({ ymd: [2025, 10, 9] });
    expect(dayReadings("10/09/2025")).toEqual({ mdy: [2025, 10, 9], dmy: [2025, 9, 10] });
    expect(dayReadings("13/09/2025")).toEqual({ dmy: [2025, 9, 13] });
    expect(dayReadings("09.07.2025")).toEqual({ mdy: [2025, 9, 7], dmy: [2025, 7, 9] });
    expect(dayReadings("31/02/2025")).toEqual({});
    expect(dayReadings("10/09/25")).toEqual({});
  });

  it("reads a day in the file's order, and refuses one that order cannot read", () => {
    expect(readDay("01/07/2025", "dmy")).toEqual([2025, 7, 1]);
    expect(readDay("01/07/2025", "mdy")).toEqual([2025, 1, 7]);
    expect(readDay("2025-07-01", "dmy")).toEqual([2025, 7, 1]);
    expect(readDay("09/09/2025", "ymd")).toEqual([2025, 9, 9]);
    expect(() => readDay("13/09/2025", "mdy")).toThrow('date "13/09/2025" is not a calendar day written MM/DD/YYYY');
  });

  it("reads 24-hour and 12-hour clocks", () => {
    expect(readClock("13:05:09")).toEqual([13, 5, 9]);
    expect(readClock("1:05 PM")).toEqual([13, 5, 0]);
    expect(readClock("12:00:00 a.m.")).toEqual([0, 0, 0]);
    expect(() => readClock("25:00")).toThrow(/not a time of day/);
  });
});

describe("time zones", () => {
  it("resolves abbreviations, offsets, Rails and IANA names; not ambiguous or unknown ones", () => {
    expect(instant("10/09/2025", "mdy", "01:15:00", "PDT")).toBe("2025-10-09T08:15:00.000Z");
    expect(instant("09/10/2025", "dmy", "10:15:00", "CEST")).toBe("2025-10-09T08:15:00.000Z");
    expect(instant("2025-10-09", "ymd", "10:00:00", "Pacific Time (US & Canada)")).toBe("2025-10-09T17:00:00.000Z");
    expect(instant("2025-07-09", "ymd", "10:00:00", "Arizona")).toBe("2025-07-09T17:00:00.000Z");
    expect(instant("2025-01-09", "ymd", "10:00:00", "America/Los_Angeles")).toBe("2025-01-09T18:00:00.000Z");
    expect(instant("2025-10-09", "ymd", "10:00", "+05:30")).toBe("2025-10-09T04:30:00.000Z");
    expect(instant("2025-10-09", "ymd", "10:00", "GMT+8")).toBe("2025-10-09T02:00:00.000Z");
    for (const name of ["IST", "AST", "", "Mars/Olympus", "Springfield"]) expect(resolveZone(name), name).toBeNull();
  });

  it("knows every Rails zone name it lists", () => {
    for (const [name, zone] of Object.entries(NAMED_ZONES)) expect({ name, known: isIanaZone(zone) }).toEqual({ name, known: true });
  });

  it("refuses a local time a daylight-saving change skips or repeats", () => {
    const losAngeles: ZoneRule = { kind: "iana", zone: "America/Los_Angeles" };
    expect(() => localInstant([2025, 3, 9], [2, 30, 0], losAngeles)).toThrow("2025-03-09 02:30:00 does not exist in America/Los_Angeles");
    expect(() => localInstant([2025, 11, 2], [1, 30, 0], losAngeles)).toThrow(/happens twice in America\/Los_Angeles/);
    expect(localInstant([2025, 11, 2], [2, 30, 0], losAngeles).toISOString()).toBe("2025-11-02T10:30:00.000Z");
    expect(localInstant([2025, 3, 9], [3, 30, 0], losAngeles).toISOString()).toBe("2025-03-09T10:30:00.000Z");
  });
});
