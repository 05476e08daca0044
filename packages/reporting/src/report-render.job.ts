import { loadDiscrepancies, loadMissingTransactions, readAuditChainHead, runOnce, setRunReports } from "@recon/db";
import { admitEventJob, type FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import { renderReportFiles, storeReportFiles, writeAuditAnchor, type S3ReportStore } from "@recon/reports";
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
 * summary, HTML) and stores it in S3 or REPORTS_DIR; beside it, an anchor of the audit chain's
 * head (so `recon audit verify` detects a truncated or rewritten audit log); records the
 * locations on the run.
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
    // Only a run.completed event the outbox holds, about this run, gets a report (admitEventJob).
    const run = await admitEventJob(ctx, payload);
    const outcome = await runOnce(ctx.db, "report", payload.eventId, async () => {
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
      // The anchor goes where the reports went: the bucket, or REPORTS_DIR (also when S3 failed on the last attempt).
      const head = await readAuditChainHead(ctx.db.pool);
      const anchor =
        head &&
        (await writeAuditAnchor({
          head,
          context: { runId: run.id, processor: input.processor, runDate: input.runDate },
          s3: stored.s3Key === undefined ? undefined : options.s3,
          reportsDir: ctx.config.REPORTS_DIR,
          sandbox: run.sandbox,
        }));
      const reports: Record<string, string> = { ...stored.locations };
      if (stored.fallbackReason) {
        reports.storage_note = stored.fallbackReason;
        job.log.warn(
          { runId: run.id, reason: stored.fallbackReason },
          "S3 unavailable: reports stored locally",
        );
      }
      await setRunReports(ctx.db, run.id, reports, stored.s3Key);
      job.log.info({ runId: run.id, reports, auditAnchor: anchor }, "reports stored");
      options.afterStore?.();
      return reports;
    });
    return outcome;
  };
}
