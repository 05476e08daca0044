export { startNotifyWorker } from "./start";
export { runAlert, type RunAlert } from "./run-alert";
