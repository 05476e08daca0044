import { describe, expect, it } from "vitest";
import { renderConsequenceLines } from "./consequence-lines";
import type { RunResultJson } from "./run-result";

function run(processor: string, consequences: Pick<RunResultJson, "report" | "alert">): RunResultJson {
  return { processor, ...consequences } as RunResultJson;
}

describe("the lines under the result table", () => {
  it("say where the reports are and, per channel, what became of each alert", () => {
    const lines = renderConsequenceLines([
      run("stripe", {
        report: { status: "stored", location: "s3://recon-reports/reports/2025-10-09/stripe/" },
        alert: { event: "run.completed", event_id: "e1", status: "delivered", channels: { email: "delivered", slack: "delivered" } },
      }),
      run("paypal", {
        report: { status: "none" },
        alert: { event: "run.failed", event_id: "e2", status: "failed", channels: { email: "delivered", slack: "failed" }, error: "alert not delivered on slack: invalid_auth" },
      }),
      run("square", {
        report: { status: "failed", error: "S3 down" },
        alert: { event: "run.completed", event_id: "e3", status: "pending", channels: {} },
      }),
    ]);
    expect(lines.split("\n")).toEqual([
      "stripe: reports in s3://recon-reports/reports/2025-10-09/stripe/; alert (run.completed): email delivered, slack delivered",
      "paypal: no report (the run failed); alert (run.failed): email delivered, slack failed (alert not delivered on slack: invalid_auth)",
      "square: report failed: S3 down; alert (run.completed): pending",
    ]);
  });

  it("say when an alert was only logged, and when none was recorded; show a folder under the working directory relative to it", () => {
    const lines = renderConsequenceLines([
      run("stripe", {
        report: { status: "stored", location: `${process.cwd()}/reports/stripe/2025-10-09/` },
        alert: { event: "run.completed", event_id: "e1", status: "delivered", channels: {} },
      }),
      run("square", {
        report: { status: "stored", location: "/elsewhere/reports/square/2025-10-09/" },
        alert: { event: "run.completed", event_id: "e2", status: "delivered", channels: {} },
      }),
      run("paypal", { report: { status: "pending" }, alert: { event: null, event_id: null, status: "none", channels: {} } }),
    ]);
    expect(lines.split("\n")).toEqual([
      "stripe: reports in reports/stripe/2025-10-09/; alert (run.completed): logged only, no alert channel configured",
      "square: reports in /elsewhere/reports/square/2025-10-09/; alert (run.completed): logged only, no alert channel configured",
      "paypal: report still pending; no alert recorded for this run",
    ]);
  });
});
