export * from "./unique-prefix";
export * from "./redis-url";
export * from "./postgres-server";
export * from "./test-database";
export * from "./wait-for";
export * from "./loopback-port";
export * from "./own-redis-server";
export * from "./own-postgres-server";
