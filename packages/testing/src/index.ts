export * from "./unique-prefix";
export * from "./redis-url";
export * from "./postgres-server";
export * from "./test-database";
export * from "./wait-for";
export * from "./run-to-exit";
