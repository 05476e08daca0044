import { consumersOfEvent, existingEventIds } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import type { AlertDeliveryProgress } from "@recon/alerting";

/** The event a run ended with, whose consequences (report, alert) `recon run` reports. */
export interface RunEvent {
  id: string;
  type: "run.completed" | "run.failed";
}

/** The report set of a run: stored (where), failed for good (why), still on its way, or none (failed run). */
export interface ReportOutcome {
  status: "stored" | "failed" | "pending" | "none";
  error?: string;
}

type ChannelStatus = "delivered" | "failed" | "pending";

/**
 * The run's alert: delivered on every configured channel, failed for good on at least one, still
 * on its way, or none (no alert event was recorded for this run). `channels` is empty when the
 * notify worker has no channel configured (the alert was only logged).
 */
export interface AlertOutcome {
  /** null while the run has not ended (the watch timed out): its event is not known yet. */
  event: RunEvent["type"] | null;
  event_id: string | null;
  status: "delivered" | "failed" | "pending" | "none";
  channels: Record<string, ChannelStatus>;
  error?: string;
}

export interface Consequences {
  report: ReportOutcome;
  alert: AlertOutcome;
}

/** A run still going on when the watch timed out: everything that follows from it is pending. */
export const PENDING_CONSEQUENCES: Consequences = {
  report: { status: "pending" },
  alert: { event: null, event_id: null, status: "pending", channels: {} },
};

/** Whether nothing more will happen by itself: every outcome is final. */
export function isSettled(consequences: Consequences): boolean {
  return consequences.report.status !== "pending" && consequences.alert.status !== "pending";
}

/**
 * Reads what has become of a run's event, once. The truth for "done" is processed_events (each
 * consumer's runOnce marker, per channel for alerts: `notify.<channel>`), which survives the jobs
 * being removed from Redis; the jobs' states say what failed for good, and the notify job's
 * progress names each configured channel and its error.
 */
export async function readConsequences(ctx: FleetContext, event: RunEvent): Promise<Consequences> {
  const consumers = new Set(await consumersOfEvent(ctx.db, event.id));
  const report = event.type === "run.completed" ? await readReport(ctx, event.id, consumers) : { status: "none" as const };
  return { report, alert: await readAlert(ctx, event, consumers) };
}

async function readReport(ctx: FleetContext, eventId: string, consumers: Set<string>): Promise<ReportOutcome> {
  if (consumers.has("report")) return { status: "stored" };
  const job = await ctx.queues.queues.report.getJob(`report.render-${eventId}`);
  if (job && (await job.getState()) === "failed") return { status: "failed", error: job.failedReason };
  return { status: "pending" };
}

async function readAlert(ctx: FleetContext, event: RunEvent, consumers: Set<string>): Promise<AlertOutcome> {
  const outcome: AlertOutcome = { event: event.type, event_id: event.id, status: "pending", channels: {} };
  const job = await ctx.queues.queues.notify.getJob(`notify.send-${event.id}`);
  const state = job ? await job.getState() : "missing";
  const progress = (typeof job?.progress === "object" ? job.progress : {}) as Partial<AlertDeliveryProgress>;
  const returned = (job?.returnvalue ?? {}) as { channels?: string[] };
  const delivered = [...consumers].filter((consumer) => consumer.startsWith("notify.")).map((consumer) => consumer.slice("notify.".length));
  const names = new Set([...Object.keys(progress.channels ?? {}), ...(returned.channels ?? []), ...delivered]);
  const done = consumers.has("notify") || state === "completed";
  const failed = !done && state === "failed";
  for (const name of [...names].sort()) {
    outcome.channels[name] = delivered.includes(name) || done ? "delivered" : failed ? "failed" : "pending";
  }
  if (done) outcome.status = "delivered";
  else if (failed) Object.assign(outcome, { status: "failed", error: job?.failedReason });
  else if (state === "missing" && !(await existingEventIds(ctx.db, [event.id])).has(event.id)) outcome.status = "none";
  return outcome;
}
