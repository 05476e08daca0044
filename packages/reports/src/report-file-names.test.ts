import { describe, expect, it } from "vitest";
import { reportFileNames } from "./report-file-names";

describe("reportFileNames", () => {
  it("uses the legacy names", () => {
    expect(reportFileNames("paypal", "2026-11-24")).toEqual({
      csv: "reconciliation_report_paypal_2026-11-24.csv",
      json: "reconciliation_report_paypal_2026-11-24.json",
    });
  });

  it("rejects names that could escape the reports directory", () => {
    expect(() => reportFileNames("../etc", "2026-11-24")).toThrow('invalid processor name "../etc"');
    expect(() => reportFileNames("stripe", "2026-13-01")).toThrow("invalid date");
  });
});
