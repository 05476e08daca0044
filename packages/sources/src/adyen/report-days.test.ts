import { describe, expect, it } from "vitest";
import { neighbourDays, utcDays } from "./report-days";

describe("the daily reports a window needs", () => {
  it("lists every UTC day the window touches, end excluded", () => {
    expect(utcDays({ start: new Date("2024-02-28T12:00:00Z"), end: new Date("2024-03-01T00:00:00Z") })).toEqual(["2024-02-28", "2024-02-29"]);
    expect(utcDays({ start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-01T00:00:01Z") })).toEqual(["2024-03-01"]);
    expect(utcDays({ start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-01T00:00:00Z") })).toEqual([]);
  });

  it("adds the next day for a zone ahead of UTC, the previous one for a zone behind, neither for UTC", () => {
    const days = ["2024-03-01", "2024-03-02"];
    expect(neighbourDays(days, [0])).toEqual([]);
    expect(neighbourDays(days, [60])).toEqual(["2024-03-03"]);
    expect(neighbourDays(days, [-480])).toEqual(["2024-02-29"]);
    expect(neighbourDays(days, [-480, 60])).toEqual(["2024-02-29", "2024-03-03"]);
  });
});
