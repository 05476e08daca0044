export { startReportWorker } from "./start";
