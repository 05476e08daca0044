/**
 * The one error policy of every job, connector and command (docs/architecture.md, "Errors and
 * retries"). Three kinds of failure, told apart by `instanceof` only:
 *
 * - PermanentError: a retry cannot fix it (rejected credentials, a refused request, a job that is
 *   not part of its run). The job fails at once, with the message as its reason.
 * - RetryLaterError: not a failure. The job goes back to the queue for `delayMs` without spending
 *   an attempt (a processor's Retry-After, a report not stored yet).
 * - anything else: transient. The job is retried with its backoff until its attempts run out.
 *
 * Plain classes with no I/O, so every layer may throw them; the queue layer (defineWorker) is the
 * one place that maps them to BullMQ.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentError";
  }
}

/** Try again after `delayMs` (at least 1 ms), without counting as an attempt; `reason` says why. */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "RetryLaterError";
  }
}
