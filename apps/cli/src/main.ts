// recon: the operator's command line. See README.md for every command.
import { runMain } from "@recon/runtime";
import { Command, CommanderError } from "commander";
import { migrateCommand } from "./commands/migrate.command";
import { migrateCheckCommand, parseWaitSeconds } from "./commands/migrate-check.command";
import { UsageError } from "./usage-error";
import { runCommand } from "./commands/run.command";
import { workersCommand } from "./commands/workers.command";
import { registerBenchCommand } from "./commands/bench.command";
import { registerBreaksCommand } from "./commands/breaks.command";
import { registerImportCommand } from "./commands/import.command";
import { registerSandboxCommand } from "./commands/sandbox.command";
import { registerAuditCommand } from "./commands/audit.command";
import { registerDbCommand } from "./commands/db.command";

const program = new Command("recon")
  .description("Payment reconciliation: processors against your ledger, to the cent.")
  .exitOverride()
  .showHelpAfterError();

program
  .command("run")
  .description("reconcile processors for a day and print the per-processor table")
  .option("--processors <names...>", "processors, comma or space separated (default: all available)")
  .option("--date <YYYY-MM-DD>", "the UTC day to reconcile (default: today)")
  .option("--no-fetch", "reconcile what is already stored (after recon import)")
  .option("--remote", "only enqueue and wait: the fleet's workers do the work")
  .option("--json", "print one JSON object and nothing else on stdout")
  .option("--timeout <seconds>", "give up waiting after this long", "600")
  .option("--sandbox", "run every source on the built-in emulators with generated data, in its own database (RECON_SANDBOX)")
  .action(async (options: Parameters<typeof runCommand>[0]) => {
    process.exitCode = await runCommand(options);
  });

program
  .command("migrate")
  .description("create the database if needed and apply pending migrations (as MIGRATION_DATABASE_URL's role when set)")
  .option("--check", "apply nothing: exit 0 if the schema is current, 1 naming pending or broken migrations (as DATABASE_URL's role)")
  .option("--wait <seconds>", "with --check: keep checking for up to this many seconds", parseWaitSeconds)
  .action(async (options: { check?: boolean; wait?: number }) => {
    if (options.wait !== undefined && !options.check) throw new UsageError("--wait goes with --check");
    process.exitCode = options.check ? await migrateCheckCommand({ waitSeconds: options.wait ?? 0 }) : await migrateCommand();
  });

program
  .command("workers")
  .description("run workers in this process until stopped")
  .option("--only <kinds>", "comma-separated: trigger,fetch,reconcile,report,notify")
  .action(async (options: { only?: string }) => {
    await workersCommand(options);
  });

registerBreaksCommand(program);
registerBenchCommand(program);

registerImportCommand(program);
registerSandboxCommand(program);
registerAuditCommand(program);
registerDbCommand(program);

// runMain, like every app: any other failure prints one line naming its cause (URLs' passwords
// masked) and exits 1 at once, since a failed command may leave handles open (a Redis connection
// retrying forever, a sandbox server) that would keep the process alive after the message.
await runMain("recon", async () => {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    // Commander has printed its own message (and the help); --help and --version exit 0.
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  }
});
