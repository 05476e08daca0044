export * from "./env";
export * from "./context";
export * from "./sources";
export * from "./run-worker-app";
export * from "./health";
export * from "./config-checks";
export * from "./startup-checks";
