import { checkDatabase, listRuns, migrate } from "@recon/db";
import { checkSourceCredentials, createFleetContext, fleetEnv, requestRun, STARTUP_CHECK_TIMEOUT_MS, type SourceNeeds } from "@recon/fleet";
import { createLogger, environmentWith, parseEnv } from "@recon/runtime";
import { SOURCE_SECRET_SETTINGS } from "@recon/sources";
import { startWorkers } from "../fleet/in-process-workers";
import { ProgressView } from "../run/progress-view";
import { renderResultTable, renderSummaryLine } from "../run/result-table";
import { runResultJson, type RunResultJson } from "../run/run-result";
import { renderSandboxLine } from "../run/sandbox-line";
import { awaitRunConsequences } from "../run/await-consequences";
import { closeWithin } from "../run/close-within";
import { renderConsequenceLines } from "../run/consequence-lines";
import { isSettled, type Consequences } from "../run/consequences";
import { interruptMessage } from "../run/interrupt-message";
import { nothingStoredWarnings } from "../run/nothing-stored";
import { parseRunOptions } from "../run/run-options";
import { watchRun, type RunProgress } from "../run/watch-run";

/**
 * `recon run`: triggers one run per processor and waits for each to finish, with live progress on
 * a terminal. Without --remote the workers run inside this process (one command does the whole job
 * on a laptop), and it returns only when every consequence is done too: reports stored and
 * alerts delivered (or failed for good), within --timeout. With --remote it only enqueues and
 * waits for the fleet's runs and reports; alerts still on their way are reported as pending.
 * Returns the exit code: 0 when every run completed and its report and alert went out
 * (discrepancies are findings, not failures).
 */
export async function runCommand(raw: Parameters<typeof parseRunOptions>[0]): Promise<number> {
  const options = parseRunOptions(raw);
  // --sandbox is RECON_SANDBOX for this command: the emulators, the sandbox's own database and queues.
  const config = parseEnv(fleetEnv, options.sandbox ? environmentWith({ RECON_SANDBOX: "true" }) : undefined);
  const interactive = !options.json && process.stderr.isTTY && process.stdout.isTTY;
  // Logs go to stderr so stdout carries only the table or the JSON object.
  const logger = createLogger({ name: "recon", level: raw.json || !interactive ? "warn" : config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, fd: 2, secretKeys: SOURCE_SECRET_SETTINGS });

  // Only in-process fetching needs sources: exactly the processors asked for, and the ledger.
  // --no-fetch reconciles what is stored, and --remote leaves fetching to the fleet.
  const fetchesHere = !options.remote && options.fetch;
  const sources: SourceNeeds | undefined = fetchesHere
    ? { processors: options.processors, sandboxSwitch: config.RECON_SANDBOX && !options.sandbox ? "RECON_SANDBOX=true" : "--sandbox" }
    : undefined;
  // Before anything connects, so a missing credential is named at once.
  if (sources) checkSourceCredentials(config, sources);
  if (!options.remote) {
    // Bounded, and names Postgres when it is unreachable; a missing database is migrate's to create.
    await checkDatabase(config.DATABASE_URL, { timeoutMs: STARTUP_CHECK_TIMEOUT_MS, allowMissing: true });
    await migrate(config.DATABASE_URL);
  }
  const ctx = await createFleetContext(config, logger, { app: "recon", ...(sources ? { sources } : {}) });
  const workers = options.remote ? undefined : startWorkers(ctx, fetchesHere ? ["fetch", "reconcile", "report", "notify"] : ["reconcile", "report", "notify"]);
  let code = 1;
  // Where each run stands, for the message on Ctrl-C (which otherwise ends the process silently).
  const latest = new Map<string, RunProgress>();
  const onInterrupt = () => {
    process.stderr.write(`\n${interruptMessage([...latest.values()], { runDate: options.runDate, remote: options.remote })}`);
    process.exit(130);
  };
  process.once("SIGINT", onInterrupt);
  try {
    const view = interactive ? new ProgressView(process.stderr) : undefined;
    const deadline = Date.now() + options.timeoutMs;
    const outcomes = await Promise.all(
      options.processors.map(async (processor) => {
        const triggered = await requestRun(ctx, {
          processor,
          runDate: options.runDate,
          createdBy: "cli",
          skipFetch: !options.fetch,
          slices: config.FETCH_SLICES,
        });
        const progress = await watchRun(
          ctx.queues,
          { processor, jobId: triggered.jobId, slices: config.FETCH_SLICES, fetch: options.fetch, remote: options.remote, timeoutMs: options.timeoutMs },
          (update) => {
            latest.set(processor, update);
            view?.update(update);
          },
        );
        // --no-fetch: show what the run read from the database (its row's counts), not "fetched 0".
        if (progress.fromDatabase && progress.stage === "done") {
          const [row] = await listRuns(ctx.db, { processor, runDate: options.runDate });
          if (row) view?.update({ ...progress, stored: { processor: row.processorTransactionCount, internal: row.internalTransactionCount } });
        }
        // The whole job: the report and the alert too. In-process, this process's workers finish
        // them, so wait (within --timeout); remote, say what is still pending and leave it to the fleet.
        const consequences = await awaitRunConsequences(ctx, { progress, jobId: triggered.jobId }, { deadline, wait: !options.remote });
        return { processor, progress, consequences };
      }),
    );
    const runs: RunResultJson[] = [];
    for (const outcome of outcomes) {
      const [run] = await listRuns(ctx.db, { processor: outcome.processor, runDate: options.runDate });
      if (run) runs.push(runResultJson(run, outcome.consequences));
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ runs })}\n`);
    } else if (runs.length > 0) {
      const sandboxLine = renderSandboxLine(runs);
      const table = renderResultTable(runs, process.stdout.isTTY ? process.stdout.columns : undefined);
      process.stdout.write(`${sandboxLine ? `${sandboxLine}\n` : ""}${table}\n${renderSummaryLine(runs, options.processors.length)}\n${renderConsequenceLines(runs)}\n`);
    }
    // On stderr in both modes: stdout carries only the table or the JSON object.
    for (const { progress } of outcomes.filter((o) => o.progress.stage === "failed")) {
      process.stderr.write(`${progress.processor}: ${progress.error ?? "failed"}\n`);
    }
    if (!options.fetch) for (const warning of nothingStoredWarnings(runs)) process.stderr.write(`${warning}\n`);
    const allCompleted = outcomes.every((o) => o.progress.stage === "done") && runs.length === options.processors.length && runs.every((run) => run.status === "completed");
    const allFollowedThrough = outcomes.every(({ consequences }) => consequencesSucceeded(consequences, options.remote));
    code = allCompleted && allFollowedThrough ? 0 : 1;
    return code;
  } finally {
    process.off("SIGINT", onInterrupt);
    const closed = await closeWithin(config.SHUTDOWN_TIMEOUT_MS, async () => {
      await workers?.stop();
      await ctx.close();
    }).catch(() => false);
    if (!closed) {
      process.stderr.write(
        `recon: the in-process workers did not close within ${Math.round(config.SHUTDOWN_TIMEOUT_MS / 1000)} s (SHUTDOWN_TIMEOUT_MS); exiting, their jobs go back to the queue\n`,
      );
      process.exit(code);
    }
  }
}

/** A report or alert failed for good, or (in-process) was still pending at the timeout: the job is not done. */
function consequencesSucceeded(consequences: Consequences, remote: boolean): boolean {
  if (consequences.report.status === "failed" || consequences.alert.status === "failed") return false;
  return remote || isSettled(consequences);
}
