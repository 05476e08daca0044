import { getRun, runOnce } from "@recon/db";
import { RetryLaterError } from "@recon/domain";
import { admitEventJob, type FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import type { S3ReportStore } from "@recon/reports";
import { deliverOnEveryChannel, type AlertDeliveryProgress } from "./channel-delivery";
import type { AlertChannel } from "./channels";
import { reportLinkOf } from "./report-link";
import { DEFAULT_REPORT_WAIT, reportReadiness, type ReportWait } from "./report-readiness";
import { runAlert, type ReportLink } from "./run-alert";

/** Options of the notify handler. */
export interface NotifySendOptions {
  /** Where alerts go; none means the alert is only logged. */
  channels: readonly AlertChannel[];
  /** The report bucket, to presign the report link; undefined when reports stay local. */
  s3?: S3ReportStore | undefined;
  /** How a completed run's alert waits for its report (default DEFAULT_REPORT_WAIT). */
  reportWait?: ReportWait;
  /** Test hook, called after every channel has sent: throw to simulate a crash there. */
  afterSend?: () => void;
}

/**
 * Tells people how a run went, on every configured channel.
 *
 * A completed run's alert links its report, so it waits for the report worker to store it: while
 * the report job is queued, running or between retries, this job defers itself for
 * `reportWait.pollMs` (RetryLaterError: no attempt spent, no backoff growing) and
 * looks again. It goes out without the link, saying why, once the report job has failed for good
 * or is gone (no process will ever store that report) or `reportWait.maxMs` has passed since the
 * alert was queued (no report worker running). That is the one mechanism: the report worker does
 * not know about alerts.
 *
 * Exactly-once per (event, channel), as far as a provider without idempotency keys allows: each
 * send runs inside runOnce(`notify.<channel>`, eventId), i.e. one transaction that inserts the
 * channel's marker, sends, and commits only after the provider accepted the message. A retry
 * (or a concurrent redelivery, which waits on the marker's row lock) finds the marker and skips
 * that channel, so a job failing after sending, or failing on the second channel, never repeats
 * the first. The one window left: the process dies after the provider accepted and before COMMIT
 * (milliseconds); then that message is sent again (at-least-once, never lost). Email carries a
 * Message-ID derived from the event for that case.
 *
 * Each channel's outcome goes into the job's progress (AlertDeliveryProgress), so `recon run`
 * and Bull Board show which channel got the alert and which failed, and why.
 */
export function notifySendHandler(
  ctx: FleetContext,
  options: NotifySendOptions = { channels: [] },
): JobHandler<"notify.send"> {
  const wait = options.reportWait ?? DEFAULT_REPORT_WAIT;
  return async (payload, job) => {
    // Only an event the outbox holds, of this type and about this run, reaches people (admitEventJob).
    const run = await admitEventJob(ctx, payload);
    let link: ReportLink = {};
    if (payload.eventType === "run.completed") {
      const report = await reportReadiness(ctx, payload.eventId, job.job.timestamp, wait);
      if (report.kind === "wait") throw new RetryLaterError(wait.pollMs, `the report of run ${run.id} is not stored yet`);
      // Read the run again: its reports were stored after `run` was read (possibly this very look).
      const reports = report.kind === "stored" ? ((await getRun(ctx.db, run.id))?.reports ?? {}) : {};
      link = report.kind === "stored" ? await reportLinkOf(reports as Record<string, string>, options.s3) : { reportNote: report.note };
    }
    const alert = runAlert(run, payload.eventType, link);
    const { outcomes, sent } = await deliverOnEveryChannel(ctx, options.channels, alert, payload.eventId);
    await job.progress({ channels: outcomes } satisfies AlertDeliveryProgress);
    const failed = Object.entries(outcomes).flatMap(([name, outcome]) =>
      outcome.status === "failed" ? [`${name}: ${outcome.error}`] : [],
    );
    if (failed.length > 0) throw new Error(`alert not delivered on ${failed.join("; ")}`);
    options.afterSend?.();
    // The event as a whole: every channel has its message (kept for operators and dashboards).
    await runOnce(ctx.db, "notify", payload.eventId, () => Promise.resolve(undefined));
    job.log.info({ runId: run.id, severity: alert.severity, subject: alert.subject, sent }, alert.summary);
    return { severity: alert.severity, subject: alert.subject, sent, channels: Object.keys(outcomes) };
  };
}
