export type { LegacyReportInput, MissingRow } from "./legacy-report-input";
export { missingRowFromTransaction } from "./missing-row";
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
export { writeFilesToReportDirectory } from "./write-reports-to-directory";
export type { DiscrepancyLine, ReportBundleInput } from "./report-bundle-input";
export { renderDiscrepanciesCsv, discrepancyCsvCells, DISCREPANCY_CSV_COLUMNS } from "./render-discrepancies-csv";
export {
  executiveSummary,
  renderExecutiveSummaryMarkdown,
  severityOfFigures,
  type ExecutiveSummary,
} from "./executive-summary";
export { renderHtmlReport, topBreaks, TOP_BREAKS } from "./render-html-report";
export { escapeHtml } from "./html-escape";
export {
  renderReportFiles,
  reportSetFileNames,
  REPORT_KINDS,
  type ReportFile,
  type ReportKind,
} from "./render-report-files";
export {
  createS3ReportStore,
  s3ReportStoreFromConfig,
  type S3ReportConfig,
  reportKeyPrefix,
  uploadReportFiles,
  presignReportUrl,
  s3Uri,
  parseS3Uri,
  putReportObject,
  PRESIGNED_URL_TTL_SECONDS,
  type S3ReportStore,
  type S3ReportStoreOptions,
} from "./s3-report-store";
export { storeReportFiles, reportsRootOf, type StoreReportFilesOptions, type StoredReports } from "./store-report-files";
export { sandboxNotice, sandboxedSources } from "./sandbox-notice";
export {
  AUDIT_ANCHOR_FOLDER,
  auditAnchorName,
  readAuditAnchors,
  writeAuditAnchor,
  type AuditAnchorContext,
  type AuditAnchors,
  type AuditChainHeadToAnchor,
  type ReadAuditAnchorsOptions,
  type StoredAuditAnchor,
  type WriteAuditAnchorOptions,
} from "./audit-anchors";
export { textCell, valueCell } from "./csv-cell";
