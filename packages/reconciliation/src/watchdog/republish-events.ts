import { findUnconsumedEvents } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import { EVENT_SUBSCRIBERS, JOBS, SUBSCRIBER_CONSUMERS, eventJobId, publishEvent, type JobName } from "@recon/queue";

/** How far back events are checked: older ones are an operator's matter (and their jobs' history is gone). */
const SCAN_WINDOW_MS = 7 * 86_400_000;

/** Each event type's consumers, as processed_events names them, and back to their subscriber job. */
const CONSUMERS_BY_TYPE: Record<string, string[]> = Object.fromEntries(
  Object.entries(EVENT_SUBSCRIBERS).map(([type, jobs]) => [type, jobs.map((job) => SUBSCRIBER_CONSUMERS[job])]),
);
const SUBSCRIBER_OF = new Map<string, JobName>(Object.entries(SUBSCRIBER_CONSUMERS).map(([job, consumer]) => [consumer, job as JobName]));

/**
 * Publishes again, to the subscribers that never recorded it, every outbox event of the last
 * 7 days published more than `afterMs` ago: its queue job was lost (a Redis without persistence
 * restarted, a job removed by hand). Job ids derive from event ids, so a job that still exists
 * (waiting, retrying, or failed for good) is not duplicated; a vanished one is recreated and its
 * consumer's marker makes it run once. Returns how many events were published again.
 */
export async function republishUnconsumedEvents(ctx: FleetContext, afterMs: number): Promise<number> {
  const now = Date.now();
  const events = await findUnconsumedEvents(ctx.db, {
    consumers: CONSUMERS_BY_TYPE,
    publishedBefore: new Date(now - afterMs),
    createdAfter: new Date(now - SCAN_WINDOW_MS),
  });
  let republished = 0;
  for (const event of events) {
    const subscribers = event.missing.map((consumer) => SUBSCRIBER_OF.get(consumer)!);
    const before = await jobsPresent(ctx, event.id, subscribers);
    await publishEvent(ctx.queues, event, subscribers);
    if (before < subscribers.length) {
      republished += 1;
      ctx.logger.warn({ eventId: event.id, type: event.type, subscribers }, "outbox event published again: its queue job was lost");
    }
  }
  return republished;
}

/** How many of the event's subscriber jobs still exist in Redis. */
async function jobsPresent(ctx: FleetContext, eventId: string, subscribers: readonly JobName[]): Promise<number> {
  let present = 0;
  for (const job of subscribers) {
    const queue = ctx.queues.queues[JOBS[job].queue];
    if ((await queue.getJobState(eventJobId(job, eventId))) !== "unknown") present += 1;
  }
  return present;
}
