import { getRun, runOnce } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import { runAlert } from "./run-alert";

/**
 * Tells people how a run went. For now the alert goes to the log with its legacy severity and
 * subject; Slack and email senders plug in here. At most once per event (processed_events).
 */
export function notifySendHandler(ctx: FleetContext): JobHandler<"notify.send"> {
  return async (payload, job) =>
    runOnce(ctx.db, "notify", payload.eventId, async () => {
      const run = await getRun(ctx.db, payload.runId);
      if (!run) throw Object.assign(new Error(`run ${payload.runId} does not exist`), { permanent: true });
      const alert = runAlert(run, payload.eventType);
      job.log.info({ runId: run.id, severity: alert.severity, subject: alert.subject, counts: run.counts }, alert.summary);
      return alert;
    });
}
