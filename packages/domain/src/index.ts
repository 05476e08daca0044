export * from "./currency";
export * from "./money";
export * from "./transaction";
export * from "./discrepancy";
export * from "./risk";
export * from "./run-date";
export * from "./run-summary";
export * from "./rejected";
