import type { Command } from "commander";
import { redactUrl, withDatabase } from "@recon/db";
import { parseRunDate, todayUtc } from "@recon/domain";
import { databaseEnv, parseEnv } from "@recon/runtime";
import { SANDBOX_PLUGINS, startSourcesSandbox } from "@recon/sources";
import { UsageError } from "../usage-error";

interface SandboxServeOptions {
  seed?: string;
  size?: string;
  date?: string[];
  port?: string;
  host?: string;
}

/**
 * The database and queues the printed variables point at: a process following them has
 * credentials (the emulators') and so runs as a real fleet, but its data is generated, so it must
 * stay out of the real database and queues, and out of the sandbox's (RECON_SANDBOX processes
 * claim `recon_sandbox` and `recon-sandbox`, and would refuse a process with credentials there).
 */
const EMULATOR_DATABASE_NAME = "recon_emulators";
const EMULATOR_QUEUE_PREFIX = "recon-emulators";

function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`${name} "${value}": expected a whole number`);
  return n;
}

/**
 * `recon sandbox serve`: runs every source's emulator (each processor's and the ledger's) until Ctrl-C, and
 * prints the variables that point recon (or curl, or an SDK) at them, with a DATABASE_URL (same
 * server as this process's database, database EMULATOR_DATABASE_NAME) and a QUEUE_PREFIX of their
 * own. Ports are consecutive from --port (stripe, ledger, paypal, square, then the other
 * processors in the registry's order) or ephemeral.
 */
async function sandboxServeCommand(options: SandboxServeOptions): Promise<number> {
  const seed = wholeNumber(options.seed, "--seed", 1);
  const size = wholeNumber(options.size, "--size", 200);
  const base = wholeNumber(options.port, "--port", 0);
  let runDates: string[];
  try {
    runDates = (options.date ?? [todayUtc()]).flatMap((d) => d.split(",")).map((d) => parseRunDate(d.trim()));
  } catch (error) {
    throw new UsageError(`--date: ${(error as Error).message}`);
  }
  const databaseUrl = withDatabase(parseEnv(databaseEnv).DATABASE_URL, EMULATOR_DATABASE_NAME);
  const port = (offset: number) => (base === 0 ? 0 : base + offset);
  const { sandbox, settings } = await startSourcesSandbox({
    seed,
    size,
    runDates,
    ...(options.host ? { host: options.host } : {}),
    stripe: { port: port(0) },
    ledger: { port: port(1) },
    // Generated days are complete at once: no reporting lag, so today can be fetched too.
    paypal: { port: port(2), lagSeconds: -2 * 86_400 },
    square: { port: port(3) },
    pluginKnobs: Object.fromEntries(SANDBOX_PLUGINS.map((plugin, i) => [plugin.processor, { port: port(4 + i) }])),
  }).catch((error: unknown) => {
    const taken = error as NodeJS.ErrnoException & { port?: number };
    if (taken.code !== "EADDRINUSE") throw error;
    const ports = 4 + SANDBOX_PLUGINS.length;
    throw new UsageError(
      `--port ${base}: port ${taken.port ?? "?"} is already in use (the emulators take ${ports} consecutive ports from --port); ` +
        "choose another --port, or leave it out for free ports",
    );
  });
  process.stdout.write(
    [
      `sandbox emulators (seed ${seed}, ${size} records per processor per day; default days ${runDates.join(", ")}):`,
      Object.entries(settings)
        .map(([name, value]) => `${name}=${value}`)
        .join(" "),
      `DATABASE_URL=${redactUrl(databaseUrl)} QUEUE_PREFIX=${EMULATOR_QUEUE_PREFIX}`,
      "(generated data, kept apart from your real database and queues; recon migrate or recon run creates the database)",
      "Ctrl-C stops them.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await sandbox.close();
  return 0;
}

/** Adds `recon sandbox serve` to the program. */
export function registerSandboxCommand(program: Command): void {
  program
    .command("sandbox")
    .description("the built-in emulators of every processor and the ledger")
    .command("serve")
    .description("run the emulators until Ctrl-C and print how to point recon at them")
    .option("--seed <n>", "data seed", "1")
    .option("--size <n>", "records per processor per day", "200")
    .option("--date <YYYY-MM-DD...>", "days served when a request leaves its range open (default today)")
    .option("--port <n>", "first of consecutive ports, one per emulator (default: ephemeral)")
    .option("--host <host>", "listen address (default 127.0.0.1)")
    .action(async (options: SandboxServeOptions) => {
      process.exitCode = await sandboxServeCommand(options);
    });
}
