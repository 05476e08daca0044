import { executiveSummary, renderExecutiveSummaryMarkdown } from "./executive-summary";
import { renderDiscrepanciesCsv } from "./render-discrepancies-csv";
import { renderHtmlReport } from "./render-html-report";
import { renderLegacyCsv } from "./render-legacy-csv";
import { renderLegacyJsonString } from "./render-legacy-json";
import type { ReportBundleInput } from "./report-bundle-input";
import { reportFileNames } from "./report-file-names";

/** The report set of one run; the keys are how the run's `reports` column names each location. */
export const REPORT_KINDS = ["csv", "json", "discrepancies_csv", "summary", "html"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportFile {
  kind: ReportKind;
  /** File name, unique per (processor, date): the same run always yields the same names. */
  name: string;
  contentType: string;
  body: string;
}

/** Every file name of the full report set of one (processor, run date). */
export function reportSetFileNames(processor: string, runDate: string): Record<ReportKind, string> {
  const legacy = reportFileNames(processor, runDate);
  return {
    csv: legacy.csv,
    json: legacy.json,
    discrepancies_csv: `discrepancies_${processor}_${runDate}.csv`,
    summary: `executive_summary_${processor}_${runDate}.md`,
    html: `reconciliation_report_${processor}_${runDate}.html`,
  };
}

/** Renders the whole report set in memory; nothing is stored, so a rendering error stores nothing. */
export function renderReportFiles(input: ReportBundleInput): ReportFile[] {
  const names = reportSetFileNames(input.processor, input.runDate);
  const summary = executiveSummary(input);
  return [
    { kind: "csv", name: names.csv, contentType: "text/csv; charset=utf-8", body: renderLegacyCsv(input) },
    {
      kind: "json",
      name: names.json,
      contentType: "application/json; charset=utf-8",
      body: renderLegacyJsonString(input),
    },
    {
      kind: "discrepancies_csv",
      name: names.discrepancies_csv,
      contentType: "text/csv; charset=utf-8",
      body: renderDiscrepanciesCsv(input),
    },
    {
      kind: "summary",
      name: names.summary,
      contentType: "text/markdown; charset=utf-8",
      body: renderExecutiveSummaryMarkdown(summary),
    },
    {
      kind: "html",
      name: names.html,
      contentType: "text/html; charset=utf-8",
      body: renderHtmlReport(input, summary),
    },
  ];
}
