import type { RunProgress } from "./watch-run";

/**
 * What `recon run` prints when Ctrl-C stops it before the job is done: which runs were where,
 * and what becomes of them. The truth, as the fleet works today: nothing is cancelled or marked
 * failed at the interrupt. Remote, the fleet's workers go on. In-process, the interrupted jobs
 * stay in Redis (their runs `running`) and are taken up again, from the top of the interrupted
 * job, by the next `recon run` for the day (which joins the run) or by any fleet worker, once
 * their locks lapse; a job interrupted twice fails, and the run watchdog then ends its run with
 * an alert (docs/operations.md, "Every run ends").
 */
export function interruptMessage(runs: readonly RunProgress[], input: { runDate: string; remote: boolean }): string {
  const unfinished = runs.filter((run) => run.stage !== "done" && run.stage !== "failed");
  const where = unfinished.map((run) => `${run.processor} ${input.runDate} (${run.stage})`).join(", ");
  const head = unfinished.length > 0 ? `recon: interrupted while ${where} ${unfinished.length === 1 ? "was" : "were"} in flight` : "recon: interrupted while waiting for reports and alerts";
  if (input.remote) {
    return `${head}. Only this command stopped: the fleet's workers go on with the work; \`recon run --remote\` again for the same day joins it and shows the result.\n`;
  }
  return (
    `${head}. Nothing was cancelled or marked failed: the interrupted jobs stay queued and their runs stay running. ` +
    `The next \`recon run\` for the same day (or any fleet worker) takes them up again once their locks lapse (up to 2 minutes); ` +
    `a job interrupted twice fails, and the run watchdog then marks its run failed with an alert.\n`
  );
}
