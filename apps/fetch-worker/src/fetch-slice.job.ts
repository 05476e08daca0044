import { insertRejectedRecords, upsertInternalTransactions, upsertProcessorTransactions } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";
import { recordRunFailure } from "./record-run-failure";

/** Progress a fetch slice reports while it pages through its source. */
export interface FetchProgress {
  fetched: number;
  rejected: number;
  pages: number;
}

/**
 * Fetches one side of one time slice and upserts it page by page. Upserts are keyed on
 * (source, external id), so a retry after a crash mid-slice rewrites the same rows: nothing is
 * duplicated and nothing is lost. Records that fail validation go to quarantine.
 */
export function fetchSliceHandler(ctx: FleetContext): JobHandler<"fetch.slice"> {
  return async (payload, job) => {
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
      if (job.isFinalAttempt || (error as { permanent?: boolean }).permanent) {
        await recordRunFailure(ctx, {
          processor: payload.processor,
          runDate: payload.runDate,
          jobId: job.job.parent?.id ?? String(job.job.id),
          error: `fetching ${payload.side === "processor" ? payload.processor : "internal ledger"} slice ${payload.sliceIndex} failed: ${(error as Error).message}`,
        });
      }
      throw error;
    }
  };
}
