import { getOutboxEvent, getRun, type RunRow } from "@recon/db";
import { JobRefusedError } from "@recon/queue";
import type { FleetContext } from "./context";

/** What every job carrying an outbox event to a subscriber (report.render, notify.send) says. */
export interface EventJobPayload {
  eventId: string;
  eventType: string;
  runId: string;
}

/**
 * The run an event job is about, once the job holds up: the run exists, and the outbox holds
 * the event, of that type, about that run. Anything else is refused (JobRefusedError) before a
 * report is written or an alert sent: only an event the fleet recorded may reach people.
 */
export async function admitEventJob(ctx: FleetContext, payload: EventJobPayload): Promise<RunRow> {
  const run = await getRun(ctx.db, payload.runId);
  if (!run) throw new JobRefusedError(`run ${payload.runId} does not exist`);
  const event = await getOutboxEvent(ctx.db, payload.eventId);
  if (!event) throw new JobRefusedError(`event ${payload.eventId} is not in the outbox: no run recorded it`);
  const eventRunId = (event.payload as { runId?: unknown } | null)?.runId;
  if (event.type !== payload.eventType || eventRunId !== payload.runId) {
    throw new JobRefusedError(
      `event ${payload.eventId} is ${event.type} of run ${String(eventRunId)}, not ${payload.eventType} of run ${payload.runId}`,
    );
  }
  return run;
}
