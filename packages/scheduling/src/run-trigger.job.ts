import { todayUtc } from "@recon/domain";
import { requestRun, type FleetContext } from "@recon/fleet";
import type { JobHandler } from "@recon/queue";

/** The day a scheduled run reconciles: the previous UTC day, complete by 04:00. */
export function previousUtcDay(now: Date = new Date()): string {
  return todayUtc(new Date(now.getTime() - 86_400_000));
}

/**
 * Starts one run flow per processor. Each processor is triggered on its own, so one failing to
 * enqueue does not stop the others; the job fails (and retries) if any did.
 */
export function runTriggerHandler(ctx: FleetContext): JobHandler<"run.trigger"> {
  return async (payload, job) => {
    const runDate = payload.runDate ?? previousUtcDay();
    const results = await Promise.allSettled(
      payload.processors.map((processor) =>
        requestRun(ctx, { processor, runDate, createdBy: payload.createdBy, slices: ctx.config.FETCH_SLICES }),
      ),
    );
    const failed = results.flatMap((result, index) =>
      result.status === "rejected" ? [`${payload.processors[index]}: ${(result.reason as Error).message}`] : [],
    );
    job.log.info({ runDate, results: results.map((result) => (result.status === "fulfilled" ? result.value : "failed")) }, "runs triggered");
    if (failed.length > 0) throw new Error(`could not trigger ${failed.join("; ")}`);
    return { runDate, runs: results.map((result) => (result.status === "fulfilled" ? result.value : null)) };
  };
}
