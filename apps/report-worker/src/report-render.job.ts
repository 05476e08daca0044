import { getRun, loadDiscrepancies, loadMissingTransactions, runOnce, setRunReports } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import { renderReportFiles, storeReportFiles, type S3ReportStore } from "@recon/reports";
import { reportBundleInput } from "./report-input";

/** Options of the report handler. */
export interface ReportRenderOptions {
  /** The bucket; undefined (the default) stores reports in REPORTS_DIR. */
  s3?: S3ReportStore | undefined;
  /** Test hook, called after the reports are stored and recorded: throw to simulate a crash there. */
  afterStore?: () => void;
}

/**
 * Renders a completed run's full report set (legacy CSV and JSON, discrepancies CSV, executive
 * summary, HTML) and stores it in S3 or REPORTS_DIR; records the locations on the run.
 *
 * Once per event (processed_events, via runOnce). A retry after a failure re-renders the same
 * bytes (generated_at is the run's end time) under the same keys, so it overwrites the same
 * objects instead of adding any. S3 failing throws for BullMQ to retry; on the final attempt the
 * reports go to REPORTS_DIR instead and the run's reports say so (`storage_note`).
 */
export function reportRenderHandler(
  ctx: FleetContext,
  options: ReportRenderOptions = {},
): JobHandler<"report.render"> {
  return async (payload, job) => {
    const outcome = await runOnce(ctx.db, "report", payload.eventId, async () => {
      const run = await getRun(ctx.db, payload.runId);
      if (!run) throw Object.assign(new Error(`run ${payload.runId} does not exist`), { permanent: true });
      const [missing, discrepancies] = await Promise.all([
        loadMissingTransactions(ctx.db, run.id),
        loadDiscrepancies(ctx.db, run.id),
      ]);
      const input = reportBundleInput(run, missing, discrepancies);
      const stored = await storeReportFiles({
        processor: input.processor,
        runDate: input.runDate,
        files: renderReportFiles(input),
        s3: options.s3,
        reportsDir: ctx.config.REPORTS_DIR,
        isFinalAttempt: job.isFinalAttempt,
        sandbox: run.sandbox,
      });
      const reports: Record<string, string> = { ...stored.locations };
      if (stored.fallbackReason) {
        reports.storage_note = stored.fallbackReason;
        job.log.warn(
          { runId: run.id, reason: stored.fallbackReason },
          "S3 unavailable: reports stored locally",
        );
      }
      await setRunReports(ctx.db, run.id, reports, stored.s3Key);
      job.log.info({ runId: run.id, reports }, "reports stored");
      options.afterStore?.();
      return reports;
    });
    return outcome;
  };
}
