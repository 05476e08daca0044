import { getRun, loadMissingTransactions, runOnce, setRunReports } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import { writeReportsToDirectory } from "@recon/reports";
import { legacyReportInput } from "./report-input";

/**
 * Renders a completed run's legacy CSV and JSON reports into REPORTS_DIR. Handled at most once per
 * event (processed_events); the write itself is atomic and deterministic, so a retry after a
 * crash rewrites the same files instead of adding new ones.
 */
export function reportRenderHandler(ctx: FleetContext): JobHandler<"report.render"> {
  return async (payload, job) => {
    const outcome = await runOnce(ctx.db, "report", payload.eventId, async () => {
      const run = await getRun(ctx.db, payload.runId);
      if (!run) throw Object.assign(new Error(`run ${payload.runId} does not exist`), { permanent: true });
      const missing = await loadMissingTransactions(ctx.db, payload.runId);
      const paths = await writeReportsToDirectory(ctx.config.REPORTS_DIR, legacyReportInput(run, missing));
      await setRunReports(ctx.db, payload.runId, paths);
      job.log.info({ runId: payload.runId, ...paths }, "reports written");
      return paths;
    });
    return outcome;
  };
}
