export { startFetchWorker } from "./start";
export { recordSliceFailure } from "./record-slice-failure";
export { importCsvFile, type ImportCsvInput, type ImportCsvResult } from "./import-csv-file";
