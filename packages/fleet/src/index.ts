export * from "./env";
export * from "./context";
export * from "./sources";
export * from "./run-worker-app";
export * from "./health";
export * from "./record-run-failure";
export * from "./request-run";
