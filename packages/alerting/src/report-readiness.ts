import { isEventProcessed } from "@recon/db";
import type { FleetContext } from "@recon/fleet";

/** How a completed run's alert waits for its report: how often it looks, and for how long at most. */
export interface ReportWait {
  /** Between two looks; each look is one short run of the notify job (no attempt spent). */
  pollMs: number;
  /** From the notify job's creation: past this the alert goes out without the link. */
  maxMs: number;
}

/** A report normally lands within seconds; S3 retries with backoff take about half a minute. */
export const DEFAULT_REPORT_WAIT: ReportWait = { pollMs: 1_000, maxMs: 10 * 60_000 };

/** stored: link it; wait: look again later; given-up: send without the link, saying why. */
export type ReportReadiness = { kind: "stored" } | { kind: "wait" } | { kind: "given-up"; note: string };

/**
 * Whether the report of a run.completed event is stored, will be, or will not be.
 *
 * The report worker records the event in processed_events ("report") when the reports are stored,
 * so that marker is the answer whenever it exists. Otherwise the event's report job says whether
 * waiting makes sense: failed for good, or gone from Redis, means no process will ever store this
 * report, so the alert must not wait for it. A job still queued, running or between retries is
 * worth waiting for, up to `wait.maxMs` after the notify job was created (a report worker that
 * is not running, or a job stuck for another reason, never holds an alert back for longer).
 */
export async function reportReadiness(
  ctx: FleetContext,
  eventId: string,
  notifyCreatedAt: number,
  wait: ReportWait,
): Promise<ReportReadiness> {
  if (await isEventProcessed(ctx.db, "report", eventId)) return { kind: "stored" };
  const jobId = `report.render-${eventId}`;
  const state = await ctx.queues.queues.report.getJobState(jobId);
  // The job may have finished (and even been removed) between the two reads: look again.
  if (await isEventProcessed(ctx.db, "report", eventId)) return { kind: "stored" };
  if (state === "failed") {
    // Read after its state, so the reason is the one its failure recorded.
    const reason = (await ctx.queues.queues.report.getJob(jobId))?.failedReason || "no reason recorded";
    return { kind: "given-up", note: `The report could not be produced (${reason}).` };
  }
  if (state === "unknown") {
    return { kind: "given-up", note: "The report job is no longer queued, so no report will follow." };
  }
  if (Date.now() - notifyCreatedAt > wait.maxMs) {
    const seconds = Math.round(wait.maxMs / 1000);
    return { kind: "given-up", note: `The report was not ready ${seconds} s after the run; it may still follow.` };
  }
  return { kind: "wait" };
}
