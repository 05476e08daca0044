import { retryAfterOf } from "@recon/connectors";
import { insertRejectedRecords, upsertInternalTransactions, upsertProcessorTransactions } from "@recon/db";
import { PermanentError, RetryLaterError } from "@recon/domain";
import { createRequestRateLimiter, fetchRateLimits, type FetchingFleetContext } from "@recon/fleet";
import { refuseSliceOutsideItsRun, type JobHandler } from "@recon/queue";
import { createProcessorRateLimiter, type ProcessorRateLimiter, type RateGroup } from "./processor-rate-limit";
import { recordSliceFailure } from "./record-slice-failure";
import { graceMsOf } from "./slice-grace";

/** How many times one slice may be put back for a processor's Retry-After before it counts as a failed attempt. */
const MAX_RATE_LIMIT_DEFERRALS = 20;

/** Progress a fetch slice reports while it pages through its source. */
interface FetchProgress {
  fetched: number;
  rejected: number;
  pages: number;
}

/**
 * Fetches one side of one time slice and upserts it page by page. Upserts are keyed on
 * (source, external id), so a retry after a crash mid-slice rewrites the same rows: nothing is
 * duplicated and nothing is lost. Records that fail validation go to quarantine.
 *
 * Before anything else (rate budget, fetching, writing, the failure path) the job must be a slice
 * of the live run of its day, its window inside that day and grace: anything else is refused for
 * good and touches nothing (refuseSliceOutsideItsRun).
 */
export function fetchSliceHandler(ctx: FetchingFleetContext, limiter: ProcessorRateLimiter = limiterFor(ctx)): JobHandler<"fetch.slice"> {
  const fetchSlice = fetchAdmittedSlice(ctx, limiter);
  return async (payload, job) => {
    await refuseSliceOutsideItsRun(ctx.queues, job.job, payload, graceMsOf(ctx));
    return fetchSlice(payload, job);
  };
}

/** The fetch of a slice already admitted as part of its live run (fetchSliceHandler). */
export function fetchAdmittedSlice(ctx: FetchingFleetContext, limiter: ProcessorRateLimiter): JobHandler<"fetch.slice"> {
  return async (payload, job) => {
    const group: RateGroup = payload.side === "processor" ? payload.processor : "internal";
    const wait = await limiter.acquire(group);
    // Over this processor's budget: back to delayed (not an attempt), other processors carry on.
    if (wait > 0) throw new RetryLaterError(wait, `over ${group}'s rate budget`);
    const window = { start: new Date(payload.sliceStart), end: new Date(payload.sliceEnd) };
    const progress: FetchProgress = { fetched: 0, rejected: 0, pages: 0 };
    const sliceKey = `${payload.processor}:${payload.side}:${payload.sliceStart}`;
    try {
      const pages =
        payload.side === "processor"
          ? ctx.sources.processor(payload.processor).fetch(window)
          : ctx.sources.ledger.fetch(payload.processor, window);
      let firstPage = true;
      for await (const page of pages) {
        if (payload.side === "processor") {
          await upsertProcessorTransactions(ctx.db, page.records as Parameters<typeof upsertProcessorTransactions>[1]);
        } else {
          await upsertInternalTransactions(ctx.db, page.records as Parameters<typeof upsertInternalTransactions>[1]);
        }
        // The first page of an attempt replaces the slice's earlier quarantine, so retries never
        // count a rejected record twice.
        await insertRejectedRecords(ctx.db, page.rejected, { runDate: payload.runDate, sliceKey, replaceSlice: firstPage });
        firstPage = false;
        progress.fetched += page.records.length;
        progress.rejected += page.rejected.length;
        progress.pages += 1;
        await job.progress({ ...progress });
      }
      if (firstPage) await insertRejectedRecords(ctx.db, [], { runDate: payload.runDate, sliceKey, replaceSlice: true });
      job.log.info({ ...progress, side: payload.side, processor: payload.processor }, "slice fetched");
      return progress;
    } catch (error) {
      const retryAfter = retryAfterOf(error);
      if (retryAfter !== undefined) {
        // The processor said when to come back: hold back its every job that long, and this one too.
        await limiter.pause(group, retryAfter);
        const key = `${ctx.config.QUEUE_PREFIX}:fetch-deferrals:${String(job.job.id)}`;
        const deferrals = await ctx.queues.connection.incr(key);
        await ctx.queues.connection.expire(key, 86_400);
        if (deferrals <= MAX_RATE_LIMIT_DEFERRALS) {
          job.log.warn({ retryAfterMs: retryAfter, deferrals, err: (error as Error).message }, "rate limited: slice deferred");
          throw new RetryLaterError(retryAfter, `rate limited by ${group}: ${(error as Error).message}`, { cause: error });
        }
      }
      if (job.isFinalAttempt || error instanceof PermanentError) {
        await recordSliceFailure(ctx, {
          job: job.job,
          slice: payload,
          error: `fetching ${payload.side === "processor" ? payload.processor : "internal ledger"} slice ${payload.sliceIndex} failed: ${(error as Error).message}`,
        }).catch((recordError: unknown) =>
          // The slice still fails with its own reason; the watchdog records the run's failure later.
          job.log.error({ err: (recordError as Error).message }, "could not record the run's failure; the watchdog will"),
        );
      }
      throw error;
    }
  };
}

/** Slice starts per processor; a Retry-After holds back its starts and its requests (the connectors' gates) alike. */
function limiterFor(ctx: FetchingFleetContext): ProcessorRateLimiter {
  const limits = fetchRateLimits(ctx.config);
  const starts = createProcessorRateLimiter(ctx.queues.connection, ctx.config.QUEUE_PREFIX, limits);
  const requests = createRequestRateLimiter(ctx.queues.connection, ctx.config.QUEUE_PREFIX, limits);
  return {
    acquire: (group) => starts.acquire(group),
    async pause(group, ms) {
      await Promise.all([starts.pause(group, ms), requests.pause(group, ms)]);
    },
  };
}
