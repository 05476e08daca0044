import { isAbsolute, relative } from "node:path";
import { printable } from "@recon/runtime";
import type { AlertOutcome, ReportOutcome } from "./consequences";
import type { RunResultJson } from "./run-result";

/**
 * One line per run under the summary: where its reports are (or why there are none) and what
 * became of its alert on each channel, e.g.
 * `stripe: reports in s3://recon-reports/reports/2025-10-09/stripe/; alert (run.completed): email delivered, slack delivered`.
 */
export function renderConsequenceLines(runs: RunResultJson[]): string {
  return runs.map((run) => `${run.processor}: ${describeReport(run.report)}; ${describeAlert(run.alert)}`).join("\n");
}

function describeReport(report: ReportOutcome & { location?: string }): string {
  switch (report.status) {
    case "stored":
      return report.location ? `reports in ${shownFolder(report.location)}` : "reports stored";
    case "failed":
      return `report failed: ${printable(report.error ?? "unknown error")}`;
    case "pending":
      return "report still pending";
    case "none":
      return "no report (the run failed)";
  }
}

/**
 * A local folder under the working directory as a path relative to it (what the user would type;
 * REPORTS_DIR is recorded absolute), anything else (elsewhere, an S3 prefix) as recorded.
 */
function shownFolder(location: string): string {
  if (!isAbsolute(location)) return location;
  const inside = relative(process.cwd(), location);
  return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) ? `${inside}/` : location;
}

function describeAlert(alert: AlertOutcome): string {
  const label = alert.event ? `alert (${alert.event})` : "alert";
  const channels = Object.entries(alert.channels).map(([name, status]) => `${name} ${status}`).join(", ");
  switch (alert.status) {
    case "delivered":
      return channels ? `${label}: ${channels}` : `${label}: logged only, no alert channel configured`;
    case "failed":
      return `${label}: ${channels || "failed"} (${printable(alert.error ?? "unknown error")})`;
    case "pending":
      return `${label}: pending${channels ? ` (${channels})` : ""}`;
    case "none":
      return "no alert recorded for this run";
  }
}
