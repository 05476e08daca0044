import { describe, expect, it } from "vitest";
import { reportLocation } from "./report-location";

describe("reportLocation", () => {
  it("is the folder or S3 prefix the report files share, ignoring the storage note", () => {
    expect(
      reportLocation({
        csv: "s3://b/reports/2025-10-09/stripe/reconciliation_report_stripe_2025-10-09.csv",
        html: "s3://b/reports/2025-10-09/stripe/reconciliation_report_stripe_2025-10-09.html",
      }),
    ).toBe("s3://b/reports/2025-10-09/stripe/");
    expect(
      reportLocation({
        csv: "/srv/reports/stripe/2025-10-09/a.csv",
        json: "/srv/reports/stripe/2025-10-09/a.json",
        storage_note: "S3 upload failed; stored locally",
      }),
    ).toBe("/srv/reports/stripe/2025-10-09/");
    expect(reportLocation({ csv: "/srv/a/x.csv", json: "/srv/ab/y.json" })).toBe("/srv/");
  });

  it("is undefined when no report file is recorded", () => {
    expect(reportLocation({})).toBeUndefined();
    expect(reportLocation({ storage_note: "n" })).toBeUndefined();
  });
});
