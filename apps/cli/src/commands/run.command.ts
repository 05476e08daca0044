import { checkDatabase, listRuns, migrate } from "@recon/db";
import { createFleetContext, fleetEnv, STARTUP_CHECK_TIMEOUT_MS } from "@recon/fleet";
import { triggerRun } from "@recon/queue";
import { createLogger, parseEnv } from "@recon/runtime";
import { startWorkers } from "../fleet/in-process-workers";
import { ProgressView } from "../run/progress-view";
import { renderResultTable, renderSummaryLine } from "../run/result-table";
import { runResultJson, type RunResultJson } from "../run/run-result";
import { parseRunOptions } from "../run/run-options";
import { watchRun, type RunProgress } from "../run/watch-run";

/**
 * `recon run`: triggers one run per processor and waits for each to finish, with live progress on
 * a terminal. Without --remote the workers run inside this process (one command does the whole job
 * on a laptop); with --remote it only enqueues and waits for the fleet. Returns the exit code:
 * 0 when every run completed (discrepancies are findings, not failures).
 */
export async function runCommand(raw: Parameters<typeof parseRunOptions>[0]): Promise<number> {
  const options = parseRunOptions(raw);
  const config = parseEnv(fleetEnv);
  const interactive = !options.json && process.stderr.isTTY && process.stdout.isTTY;
  // Logs go to stderr so stdout carries only the table or the JSON object.
  const logger = createLogger({ name: "recon", level: raw.json || !interactive ? "warn" : config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, fd: 2 });

  if (!options.remote) {
    // Bounded, and names Postgres when it is unreachable; a missing database is migrate's to create.
    await checkDatabase(config.DATABASE_URL, { timeoutMs: STARTUP_CHECK_TIMEOUT_MS, allowMissing: true });
    await migrate(config.DATABASE_URL);
  }
  const ctx = await createFleetContext(config, logger);
  const workers = options.remote ? undefined : startWorkers(ctx, ["fetch", "reconcile", "report", "notify"]);
  try {
    for (const source of ctx.sources.sandboxed) {
      process.stderr.write(`${source}: no credentials configured, using the built-in sandbox emulator\n`);
    }
    const view = interactive ? new ProgressView(process.stderr) : undefined;
    const outcomes: RunProgress[] = await Promise.all(
      options.processors.map(async (processor) => {
        const triggered = await triggerRun(ctx.queues, {
          processor,
          runDate: options.runDate,
          createdBy: "cli",
          skipFetch: !options.fetch,
          slices: config.FETCH_SLICES,
        });
        return watchRun(
          ctx.queues,
          { processor, jobId: triggered.jobId, slices: config.FETCH_SLICES, fetch: options.fetch, timeoutMs: options.timeoutMs },
          (progress) => view?.update(progress),
        );
      }),
    );
    const runs: RunResultJson[] = [];
    for (const processor of options.processors) {
      const [run] = await listRuns(ctx.db, { processor, runDate: options.runDate });
      if (run) runs.push(runResultJson(run));
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ runs })}\n`);
    } else {
      process.stdout.write(`${renderResultTable(runs)}\n${renderSummaryLine(runs)}\n`);
      for (const outcome of outcomes.filter((o) => o.stage === "failed")) {
        process.stderr.write(`${outcome.processor}: ${outcome.error ?? "failed"}\n`);
      }
    }
    const allCompleted = outcomes.every((o) => o.stage === "done") && runs.length === options.processors.length && runs.every((run) => run.status === "completed");
    return allCompleted ? 0 : 1;
  } finally {
    await workers?.stop();
    await ctx.close();
  }
}
