import { EVENT_SUBSCRIBERS, type EventType, type JobName } from "./catalog";
import { enqueue, type QueueSet } from "./queues";

/** An event as the outbox stores it. */
export interface OutboxEventMessage {
  id: string;
  type: string;
  payload: unknown;
}

function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_SUBSCRIBERS, type);
}

/** The id of the job that carries an event to one subscriber: the same event never makes two jobs. */
export function eventJobId(jobName: JobName, eventId: string): string {
  return `${jobName}-${eventId}`;
}

/**
 * Delivers one outbox event to each subscriber's own queue. The job id is derived from the
 * event id, so publishing the same event twice (a relay crash between publish and mark) adds
 * nothing while the first job is kept; consumers also record handled event ids, which covers
 * the case where the first job was already removed.
 */
export async function publishEvent(
  set: QueueSet,
  event: OutboxEventMessage,
  /** Publish to these subscribers only (a re-publish of what some consumers never recorded). Default: all. */
  only?: readonly JobName[],
): Promise<void> {
  if (!isEventType(event.type)) throw new Error(`outbox event ${event.id} has unknown type "${event.type}"`);
  const { runId } = event.payload as { runId: string };
  for (const jobName of EVENT_SUBSCRIBERS[event.type]) {
    if (only !== undefined && !only.includes(jobName)) continue;
    if (jobName === "report.render") {
      await enqueue(set, jobName, { eventId: event.id, eventType: "run.completed", runId }, { jobId: eventJobId(jobName, event.id) });
    } else {
      await enqueue(set, jobName, { eventId: event.id, eventType: event.type, runId }, { jobId: eventJobId(jobName, event.id) });
    }
  }
}
