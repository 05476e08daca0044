export { startTriggerWorker } from "./start";
export { upsertDailySchedule, applySchedules, DAILY_SCHEDULER_ID, type Schedule } from "./schedule";
export { parseSchedules, schedulerEnv } from "./env";
export { previousUtcDay } from "./run-trigger.job";
export { backlogMetricsEnv } from "./env";
export { startBacklogMetricsPublisher, type BacklogMetricsPublisher } from "./backlog-metrics-publisher";
export { backlogMetricData, BACKLOG_METRICS } from "./backlog-metric-data";
export { readQueueBacklogs, SCALED_QUEUES, type QueueBacklogReading } from "./queue-backlog-readings";
export { cloudWatchClientFromConfig } from "./cloudwatch-client";
