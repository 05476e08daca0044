import { describe, expect, it } from "vitest";
import { localTimeCells } from "./csv-format";

describe("local time cells", () => {
  it("reads the day and the time from two cells, or from one cell that holds both", () => {
    expect(localTimeCells({ Date: "10/09/2025", Time: "13:05:09" }, { date: "Date", time: "Time", zone: "TimeZone" })).toEqual({ date: "10/09/2025", time: "13:05:09" });
    const oneCell = { date: "Creation Date", time: "Creation Date", zone: "TimeZone" };
    expect(localTimeCells({ "Creation Date": " 2012-07-26 19:58:55 " }, oneCell)).toEqual({ date: "2012-07-26", time: "19:58:55" });
    // No time in the cell: the day reader sees the whole cell and names what is wrong with it.
    expect(localTimeCells({ "Creation Date": "2012-07-26" }, oneCell)).toEqual({ date: "2012-07-26", time: "" });
  });
});
