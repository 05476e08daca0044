import { PROCESSORS, parseRunDate } from "@recon/domain";
import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";

/**
 * The job catalog: every queue and job declared once, with its payload schema and default options.
 * Payloads are validated on enqueue and again on dequeue.
 *
 * QUEUE NAMES ARE PERSISTED IN REDIS KEYS. Renaming a queue orphans its waiting, delayed and
 * failed jobs: never change one without a migration plan (drain the old queue first).
 */
export const QUEUE_NAMES = {
  trigger: "trigger",
  fetch: "fetch",
  reconcile: "reconcile",
  report: "report",
  notify: "notify",
} as const;
export type QueueKey = keyof typeof QUEUE_NAMES;

const processorSchema = z.enum(PROCESSORS);
const runDateSchema = z.string().refine(
  (value) => {
    try {
      parseRunDate(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "expected a calendar day YYYY-MM-DD" },
);

/** Bounded history: enough for operators to inspect in Bull Board, never unbounded Redis growth. */
const keepHistory = {
  removeOnComplete: { age: 7 * 86_400, count: 5_000 },
  removeOnFail: { age: 30 * 86_400, count: 20_000 },
} satisfies DefaultJobOptions;

/** The longest outage (Redis, Postgres, a provider) every job's retries must outlast before it gives up. */
export const OUTAGE_TO_OUTLAST_MS = 150_000;

/**
 * Exponential retries: BullMQ waits delay·2^(n-1) after the n-th failed attempt, so `attempts`
 * attempts wait delay·(2^(attempts-1) − 1) in all before the last one. Refuses a schedule that
 * gives up before a 150 s outage is over (two minutes plus the time to notice it is over).
 */
function retries(attempts: number, delay: number) {
  const totalWait = delay * (2 ** (attempts - 1) - 1);
  if (totalWait < OUTAGE_TO_OUTLAST_MS) throw new Error(`retries of ${attempts}×${delay} ms wait ${totalWait} ms in all, under ${OUTAGE_TO_OUTLAST_MS} ms`);
  return { attempts, backoff: { type: "exponential", delay } } as const;
}

/** The total backoff of a job's retries (the sum of the waits between its attempts), in ms. */
export function totalBackoffMs(options: DefaultJobOptions): number {
  const attempts = options.attempts ?? 1;
  const backoff = options.backoff;
  if (typeof backoff !== "object" || backoff.type !== "exponential") throw new Error("expected an exponential backoff");
  return (backoff.delay ?? 0) * (2 ** (attempts - 1) - 1);
}

// Retry schedules, each outlasting a 150 s outage:
//   heavy jobs (trigger, reconcile): 6 attempts from 5 s → waits 5+10+20+40+80 = 155 s;
//   light jobs (fetch, report, notify): 8 attempts from 2 s → waits 2+4+…+128 = 254 s, so a
//   notify waiting for its report retries soon after the report is stored.
const HEAVY_RETRIES = retries(6, 5_000);
const LIGHT_RETRIES = retries(8, 2_000);

export const JOBS = {
  /** Fired by the daily job scheduler: starts one run per configured processor. */
  "run.trigger": {
    queue: "trigger",
    schema: z.object({
      processors: z.array(processorSchema).min(1),
      /** The day to reconcile; by default the previous UTC day (a complete day at 04:00). */
      runDate: runDateSchema.optional(),
      createdBy: z.string().min(1),
    }),
    options: { ...HEAVY_RETRIES, ...keepHistory },
  },
  /** Fetches one side of one time slice of a run's day and upserts it. */
  "fetch.slice": {
    queue: "fetch",
    schema: z.object({
      processor: processorSchema,
      runDate: runDateSchema,
      side: z.enum(["processor", "internal"]),
      sliceIndex: z.number().int().min(0),
      sliceStart: z.iso.datetime(),
      sliceEnd: z.iso.datetime(),
    }),
    options: { ...LIGHT_RETRIES, ...keepHistory },
  },
  /** Joins both sides of a (processor, date) and writes the run, its breaks and its event. */
  "reconcile.run": {
    queue: "reconcile",
    schema: z.object({
      processor: processorSchema,
      runDate: runDateSchema,
      createdBy: z.string().min(1),
    }),
    options: { ...HEAVY_RETRIES, ...keepHistory },
  },
  /**
   * Reconciles one hash partition of a large run's residue (a child of its reconcile.run job,
   * added when the plan has more than one partition) and stores the partition's result for the
   * parent to settle.
   */
  "reconcile.partition": {
    queue: "reconcile",
    schema: z.object({
      planId: z.uuid(),
      partition: z.number().int().min(0),
      processor: processorSchema,
      runDate: runDateSchema,
    }),
    options: { ...HEAVY_RETRIES, ...keepHistory },
  },
  /** Renders and stores a completed run's reports. */
  "report.render": {
    queue: "report",
    schema: z.object({ eventId: z.uuid(), eventType: z.literal("run.completed"), runId: z.uuid() }),
    options: { ...LIGHT_RETRIES, ...keepHistory },
  },
  /** Tells people about a completed or failed run. */
  "notify.send": {
    queue: "notify",
    schema: z.object({
      eventId: z.uuid(),
      eventType: z.enum(["run.completed", "run.failed"]),
      runId: z.uuid(),
    }),
    options: { ...LIGHT_RETRIES, ...keepHistory },
  },
} as const satisfies Record<string, { queue: QueueKey; schema: z.ZodType; options: DefaultJobOptions }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["schema"]>;
/** The job names a queue carries, so a worker handles exactly its own jobs. */
export type JobsOfQueue<Q extends QueueKey> = {
  [N in JobName]: (typeof JOBS)[N]["queue"] extends Q ? N : never;
}[JobName];

/** Which queues each event is delivered to: one queue per subscriber, so each retries alone. */
export const EVENT_SUBSCRIBERS = {
  "run.completed": ["report.render", "notify.send"],
  "run.failed": ["notify.send"],
} as const satisfies Record<string, readonly JobName[]>;
export type EventType = keyof typeof EVENT_SUBSCRIBERS;

/**
 * The processed_events consumer each subscriber records an event under once it handled it (see
 * runOnce): an event published long ago without it was lost on the way and is published again.
 */
export const SUBSCRIBER_CONSUMERS = {
  "report.render": "report",
  "notify.send": "notify",
} as const satisfies Partial<Record<JobName, string>>;

/** Validates a payload against its job's schema; the error names the job and each bad field. */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const result = JOBS[name].schema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`);
    throw new Error(`invalid ${name} payload: ${problems.join("; ")}`);
  }
  return result.data as JobPayload<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
