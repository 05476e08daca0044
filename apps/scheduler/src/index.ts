export { startTriggerWorker } from "./start";
export { upsertDailySchedule, DAILY_SCHEDULER_ID } from "./schedule";
export { previousUtcDay } from "./run-trigger.job";
