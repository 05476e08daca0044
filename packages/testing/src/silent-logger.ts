import { pino, type Logger } from "pino";

/** A logger that writes nothing, for code under test that needs one (the fleet's loggers are pino's). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
