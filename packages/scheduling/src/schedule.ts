import type { Processor } from "@recon/domain";
import { JOBS, type QueueSet } from "@recon/queue";

export const DAILY_SCHEDULER_ID = "daily-reconciliation";

/** One configured schedule: a cron (UTC) that triggers runs of these processors. */
export interface Schedule {
  id: string;
  cron: string;
  processors: Processor[];
}

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

/**
 * Makes the trigger queue's job schedulers exactly the configured ones: each is upserted (so a
 * changed cron or processor list replaces the old one) and schedulers no longer configured are
 * removed, so deleting a schedule from configuration stops it. Safe on every replica at start.
 * A bad cron pattern fails naming its schedule.
 */
export async function applySchedules(set: QueueSet, schedules: readonly Schedule[]): Promise<{ upserted: string[]; removed: string[] }> {
  for (const schedule of schedules) {
    await set.queues.trigger
      .upsertJobScheduler(
        schedule.id,
        { pattern: schedule.cron, tz: "UTC" },
        {
          name: "run.trigger",
          data: JOBS["run.trigger"].schema.parse({ processors: schedule.processors, createdBy: `scheduler:${schedule.id}` }),
          opts: { attempts: JOBS["run.trigger"].options.attempts, backoff: JOBS["run.trigger"].options.backoff },
        },
      )
      .catch((error: unknown) => {
        throw new Error(`schedule "${schedule.id}" (cron "${schedule.cron}") was refused: ${(error as Error).message}`);
      });
  }
  const wanted = new Set(schedules.map((schedule) => schedule.id));
  const existing = await set.queues.trigger.getJobSchedulers();
  const removed: string[] = [];
  for (const scheduler of existing) {
    const id = scheduler.id ?? scheduler.key;
    if (!wanted.has(id)) {
      await set.queues.trigger.removeJobScheduler(id);
      removed.push(id);
    }
  }
  return { upserted: schedules.map((schedule) => schedule.id), removed };
}
