import { getRun, isEventProcessed, runOnce } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import type { S3ReportStore } from "@recon/reports";
import type { AlertChannel } from "./channels";
import { reportLinkOf } from "./report-link";
import { runAlert } from "./run-alert";

/** Options of the notify handler. */
export interface NotifySendOptions {
  /** Where alerts go; none means the alert is only logged. */
  channels: readonly AlertChannel[];
  /** The report bucket, to presign the report link; undefined when reports stay local. */
  s3?: S3ReportStore | undefined;
  /** Test hook, called after every channel has sent: throw to simulate a crash there. */
  afterSend?: () => void;
}

/** The processed_events consumer that marks one channel's message for one event as sent. */
export function channelConsumer(channel: AlertChannel["name"]): string {
  return `notify.${channel}`;
}

/**
 * Tells people how a run went, on every configured channel.
 *
 * A completed run's alert links its report, so it waits (by failing for retry) until the report
 * worker has handled the same event; on the final attempt it goes out without the link.
 *
 * Exactly-once per (event, channel), as far as a provider without idempotency keys allows: each
 * send runs inside runOnce(`notify.<channel>`, eventId), i.e. one transaction that inserts the
 * channel's marker, sends, and commits only after the provider accepted the message. A retry
 * (or a concurrent redelivery, which waits on the marker's row lock) finds the marker and skips
 * that channel, so a job failing after sending, or failing on the second channel, never repeats
 * the first. The one window left: the process dies after the provider accepted and before COMMIT
 * (milliseconds); then that message is sent again (at-least-once, never lost). Email carries a
 * Message-ID derived from the event for that case.
 */
export function notifySendHandler(
  ctx: FleetContext,
  options: NotifySendOptions = { channels: [] },
): JobHandler<"notify.send"> {
  return async (payload, job) => {
    const run = await getRun(ctx.db, payload.runId);
    if (!run) throw Object.assign(new Error(`run ${payload.runId} does not exist`), { permanent: true });
    let link = {};
    if (payload.eventType === "run.completed") {
      const reported = await isEventProcessed(ctx.db, "report", payload.eventId);
      if (!reported && !job.isFinalAttempt)
        throw new Error(`report of run ${run.id} not stored yet; retrying so the alert can link it`);
      link = reported
        ? await reportLinkOf((run.reports ?? {}) as Record<string, string>, options.s3)
        : { reportNote: "The report was not ready when this alert was sent." };
    }
    const alert = runAlert(run, payload.eventType, link);
    const sent: string[] = [];
    for (const channel of options.channels) {
      const outcome = await runOnce(ctx.db, channelConsumer(channel.name), payload.eventId, async () => {
        await channel.send(alert, payload.eventId);
      });
      if (outcome.ran) sent.push(channel.name);
    }
    options.afterSend?.();
    // The event as a whole: every channel has its message (kept for operators and dashboards).
    await runOnce(ctx.db, "notify", payload.eventId, () => Promise.resolve(undefined));
    job.log.info({ runId: run.id, severity: alert.severity, subject: alert.subject, sent }, alert.summary);
    return { severity: alert.severity, subject: alert.subject, sent };
  };
}
