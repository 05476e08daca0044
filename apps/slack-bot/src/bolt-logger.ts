import { LogLevel, type AppOptions } from "@slack/bolt";
import type { Logger } from "@recon/runtime";

type BoltLogger = NonNullable<AppOptions["logger"]>;

/** Bolt's logger interface over our pino logger, so Bolt's lines are JSON and redacted too. */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: "bolt" });
  let level = LogLevel.INFO;
  const line = (args: unknown[]) => args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" ");
  return {
    debug: (...args: unknown[]) => log.debug(line(args)),
    info: (...args: unknown[]) => log.info(line(args)),
    warn: (...args: unknown[]) => log.warn(line(args)),
    error: (...args: unknown[]) => log.error(line(args)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
