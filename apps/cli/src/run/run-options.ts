import { isProcessor, parseRunDate, PROCESSORS, todayUtc, type Processor } from "@recon/domain";
import { UsageError } from "../usage-error";

export interface RunOptions {
  processors: Processor[];
  runDate: string;
  fetch: boolean;
  remote: boolean;
  json: boolean;
  timeoutMs: number;
  /** Run on the built-in emulators with generated data (RECON_SANDBOX for this command). */
  sandbox: boolean;
}

/**
 * Accepts both `--processors stripe,paypal` and the legacy tool's `--processors stripe paypal`.
 * Unknown names and bad dates are usage errors naming the bad value and what is valid.
 */
export function parseRunOptions(raw: {
  processors?: string[];
  date?: string;
  fetch?: boolean;
  remote?: boolean;
  json?: boolean;
  timeout?: string;
  sandbox?: boolean;
}): RunOptions {
  const names = (raw.processors ?? [...PROCESSORS]).flatMap((value) => value.split(",")).map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--processors is empty: choose from ${PROCESSORS.join(", ")}`);
  const processors: Processor[] = [];
  for (const name of names) {
    if (!isProcessor(name)) throw new UsageError(`unknown processor "${name}": choose from ${PROCESSORS.join(", ")}`);
    if (!processors.includes(name)) processors.push(name);
  }
  let runDate: string;
  try {
    runDate = parseRunDate(raw.date ?? todayUtc());
  } catch (error) {
    throw new UsageError(`--date: ${(error as Error).message}`);
  }
  const timeoutSeconds = Number(raw.timeout ?? "600");
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(`--timeout "${raw.timeout}": expected a whole number of seconds`);
  }
  return {
    processors,
    runDate,
    fetch: raw.fetch ?? true,
    remote: raw.remote ?? false,
    json: raw.json ?? false,
    timeoutMs: timeoutSeconds * 1000,
    sandbox: raw.sandbox ?? false,
  };
}
