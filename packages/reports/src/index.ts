export type { LegacyReportInput, MissingRow } from "./legacy-report-input";
export { missingRowFromTransaction } from "./missing-row";
export { formatReportAmount } from "./format-amount";
export { renderLegacyCsv, LEGACY_CSV_COLUMNS, CSV_LINE_END } from "./render-legacy-csv";
export {
  renderLegacyJson,
  renderLegacyJsonString,
  LEGACY_REPORT_VERSION,
  REPORT_GENERATOR,
  type LegacyJsonReport,
  type JsonCurrencyTotals,
  type JsonMissingTransaction,
} from "./render-legacy-json";
export { reportFileNames, assertSafeProcessorName } from "./report-file-names";
export { writeReportsToDirectory } from "./write-reports-to-directory";
