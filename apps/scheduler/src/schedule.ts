import type { Processor } from "@recon/domain";
import { JOBS, type QueueSet } from "@recon/queue";

export const DAILY_SCHEDULER_ID = "daily-reconciliation";

/**
 * Upserts the daily job scheduler (BullMQ job schedulers are idempotent by id, so every replica
 * of the scheduler may do this at start; changing the cron or processors in configuration takes
 * effect on the next start without code changes).
 */
export async function upsertDailySchedule(set: QueueSet, cron: string, processors: Processor[]): Promise<void> {
  await set.queues.trigger.upsertJobScheduler(
    DAILY_SCHEDULER_ID,
    { pattern: cron, tz: "UTC" },
    {
      name: "run.trigger",
      data: JOBS["run.trigger"].schema.parse({ processors, createdBy: "scheduler" }),
      opts: { attempts: JOBS["run.trigger"].options.attempts, backoff: JOBS["run.trigger"].options.backoff },
    },
  );
}
