export { startReportWorker } from "./start";
export { reportRenderHandler, type ReportRenderOptions } from "./report-render.job";
