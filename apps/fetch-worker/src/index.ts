export { startFetchWorker } from "./start";
export { recordRunFailure } from "./record-run-failure";
export { importCsvFile, type ImportCsvInput, type ImportCsvResult } from "./import-csv-file";
