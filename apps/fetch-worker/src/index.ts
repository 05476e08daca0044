export { startFetchWorker } from "./start";
export { recordRunFailure } from "./record-run-failure";
