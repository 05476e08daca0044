export * from "./catalog";
export * from "./connection";
export * from "./queues";
export * from "./define-worker";
export * from "./run-flow";
export * from "./outbox-relay";
export * from "./event-id";
export * from "./partition-jobs";
