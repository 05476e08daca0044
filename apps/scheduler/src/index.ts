export { startTriggerWorker } from "./start";
export { upsertDailySchedule, applySchedules, DAILY_SCHEDULER_ID, type Schedule } from "./schedule";
export { parseSchedules, schedulerEnv } from "./env";
export { previousUtcDay } from "./run-trigger.job";
