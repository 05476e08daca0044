export * from "./fleet-test";
