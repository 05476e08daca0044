export * from "./env";
export * from "./logger";
export * from "./shutdown";
export * from "./metrics";
export * from "./health-server";
export * from "./run-main";
export * from "./port-in-use";
export * from "./url-credentials";
