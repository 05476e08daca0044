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
    options: { attempts: 3, backoff: { type: "exponential", delay: 5_000 }, ...keepHistory },
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
    options: { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, ...keepHistory },
  },
  /** Joins both sides of a (processor, date) and writes the run, its breaks and its event. */
  "reconcile.run": {
    queue: "reconcile",
    schema: z.object({
      processor: processorSchema,
      runDate: runDateSchema,
      createdBy: z.string().min(1),
    }),
    options: { attempts: 3, backoff: { type: "exponential", delay: 5_000 }, ...keepHistory },
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
    options: { attempts: 3, backoff: { type: "exponential", delay: 5_000 }, ...keepHistory },
  },
  /** Renders and stores a completed run's reports. */
  "report.render": {
    queue: "report",
    schema: z.object({ eventId: z.uuid(), eventType: z.literal("run.completed"), runId: z.uuid() }),
    options: { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, ...keepHistory },
  },
  /** Tells people about a completed or failed run. */
  "notify.send": {
    queue: "notify",
    schema: z.object({
      eventId: z.uuid(),
      eventType: z.enum(["run.completed", "run.failed"]),
      runId: z.uuid(),
    }),
    options: { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, ...keepHistory },
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
