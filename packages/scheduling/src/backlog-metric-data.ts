import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { QueueBacklogReading } from "./queue-backlog-readings";

/** Metric names the ECS stack's scaling policies read (ecs/tests/publisher-agreement.test.ts checks both agree). */
export const BACKLOG_METRICS = {
  backlog: "Backlog",
  workers: "Workers",
  backlogPerWorker: "BacklogPerWorker",
} as const;

/**
 * The CloudWatch data of one reading, per queue, each with the dimensions `Fleet` (the
 * QUEUE_PREFIX, so two fleets in one account never mix) and `Queue`:
 * - `Backlog`: jobs a worker could start now;
 * - `Workers`: workers consuming the queue;
 * - `BacklogPerWorker`: backlog / max(1, workers), what target tracking keeps near its target.
 *   With no worker it equals the backlog, so it still says there is work (the 0 → 1 step
 *   policy reads Backlog and Workers, docs/deploy-ecs.md).
 */
export function backlogMetricData(readings: readonly QueueBacklogReading[], fleet: string, at: Date): MetricDatum[] {
  return readings.flatMap((reading) => {
    const dimensions = [
      { Name: "Fleet", Value: fleet },
      { Name: "Queue", Value: reading.queue },
    ];
    const datum = (name: string, value: number): MetricDatum => ({ MetricName: name, Dimensions: dimensions, Timestamp: at, Value: value, Unit: "Count" });
    return [
      datum(BACKLOG_METRICS.backlog, reading.backlog),
      datum(BACKLOG_METRICS.workers, reading.workers),
      datum(BACKLOG_METRICS.backlogPerWorker, reading.backlog / Math.max(1, reading.workers)),
    ];
  });
}
