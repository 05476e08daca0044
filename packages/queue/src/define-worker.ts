import { DelayedError, UnrecoverableError, WaitingChildrenError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { PermanentError, RetryLaterError } from "@recon/domain";
import type { Logger } from "@recon/runtime";
import { JOBS, QUEUE_NAMES, isJobName, parsePayload, type JobPayload, type JobsOfQueue, type QueueKey } from "./catalog";
import { JobRefusedError } from "./job-refused";

/** What a handler gets besides its payload. */
export interface JobContext {
  job: Job;
  log: Logger;
  /** True when this is the job's last attempt: a failure now is final. */
  isFinalAttempt: boolean;
  /** Reports progress (shown by the CLI and Bull Board). */
  progress(value: Record<string, unknown>): Promise<void>;
  /**
   * Parks the job until the children it has added since it started are done, by throwing
   * BullMQ's WaitingChildrenError (the job runs again from the top afterwards, so its handler
   * must find where it left off). Returns normally when no child is pending.
   */
  waitForChildren(): Promise<void>;
}

export type JobHandler<N extends JobsOfQueue<QueueKey>> = (payload: JobPayload<N>, ctx: JobContext) => Promise<unknown>;

/** Exactly one handler per job of the queue: a missing or extra one is a type error. */
export type QueueHandlers<Q extends QueueKey> = { [N in JobsOfQueue<Q>]: JobHandler<N> };

export interface DefineWorkerOptions {
  connection: Redis;
  prefix: string;
  logger: Logger;
  concurrency?: number;
  /** BullMQ rate limiter for this queue: at most `max` jobs per `duration` ms across all workers. */
  limiter?: { max: number; duration: number };
  /** Lock duration; long fetches renew it automatically. */
  lockDuration?: number;
  /**
   * How often (ms) the queue is checked for jobs whose worker died (BullMQ default 30000). A dead
   * worker's job is recovered within about two intervals once its lock has lapsed.
   */
  stalledInterval?: number;
}

/**
 * Creates a BullMQ worker for one catalog queue. Payloads are validated again on dequeue (a bad
 * one fails at once, never retried). The error policy (@recon/domain's errors) is mapped to
 * BullMQ here and nowhere else (toBullmq): a PermanentError fails the job at once, a
 * RetryLaterError puts it back to delayed without spending an attempt, everything else is thrown
 * back to BullMQ, which owns retries and backoff.
 */
export function defineWorker<Q extends QueueKey>(queue: Q, handlers: QueueHandlers<Q>, options: DefineWorkerOptions): Worker {
  const log = options.logger.child({ queue });

  async function runJob(job: Job, token: string | undefined): Promise<unknown> {
    if (!isJobName(job.name) || !(job.name in handlers)) {
      throw new PermanentError(`queue ${queue} has no handler for job "${job.name}"`);
    }
    const name = job.name as JobsOfQueue<Q>;
    let payload: JobPayload<typeof name>;
    try {
      payload = parsePayload(name, job.data);
    } catch (error) {
      log.error({ job: job.name, jobId: job.id, reason: (error as Error).message }, "job refused: invalid payload");
      throw new JobRefusedError((error as Error).message);
    }
    const attempts = job.opts.attempts ?? JOBS[name].options.attempts;
    const ctx: JobContext = {
      job,
      log: log.child({ job: name, jobId: job.id, attempt: job.attemptsMade + 1 }),
      isFinalAttempt: job.attemptsMade + 1 >= attempts,
      progress: (value) => job.updateProgress(value),
      async waitForChildren() {
        if (token === undefined) throw new Error(`job ${job.id} has no lock token: it cannot wait for children`);
        if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
      },
    };
    const handler = handlers[name] as JobHandler<typeof name>;
    try {
      return await handler(payload, ctx);
    } catch (error) {
      if (error instanceof JobRefusedError) {
        // Someone added a job that is not part of the run it names: worth an operator's look.
        ctx.log.error({ reason: error.message, data: job.data as unknown }, "job refused: not part of the run it names");
      }
      throw error;
    }
  }

  const worker = new Worker(
    QUEUE_NAMES[queue],
    async (job: Job, token?: string) => {
      try {
        return await runJob(job, token);
      } catch (error) {
        // An expected wait (a report not stored yet, a processor's Retry-After) is not a failure:
        // logged as a wait, at debug, never as "job failed" on an operator's terminal.
        if (error instanceof RetryLaterError) log.debug({ jobId: job.id, job: job.name, delayMs: error.delayMs, reason: error.message }, "job waits, as expected");
        throw await toBullmq(error, job, token);
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
      ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
    },
  );
  worker.on("error", (error) => log.error({ err: error }, "worker error"));
  worker.on("failed", (job, error) => {
    const fields = { jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: error.message };
    // BullMQ emits "failed" for every failed attempt; only the last one is a failure for good.
    const willRetry = job !== undefined && !(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1);
    if (willRetry) log.warn(fields, "job attempt failed; BullMQ retries it with backoff");
    else log.error(fields, "job failed for good");
  });
  return worker;
}

/**
 * The error policy in BullMQ's terms, the one place it is mapped. PermanentError becomes
 * UnrecoverableError (failed at once, its message the failedReason); RetryLaterError moves the
 * job to delayed for its delayMs (moveToDelayed + DelayedError: no attempt spent, no backoff
 * growing) and the job runs again from the top afterwards; BullMQ's own control-flow errors and
 * everything else go through as they are (the latter retried with backoff).
 */
async function toBullmq(error: unknown, job: Job, token: string | undefined): Promise<unknown> {
  if (error instanceof WaitingChildrenError || error instanceof DelayedError) return error;
  if (error instanceof RetryLaterError) {
    if (token === undefined) return new Error(`job ${job.id} has no lock token: it cannot be deferred`);
    await job.moveToDelayed(Date.now() + Math.max(error.delayMs, 1), token);
    return new DelayedError();
  }
  if (error instanceof PermanentError) return new UnrecoverableError(error.message);
  return error;
}
