import * as cdk from "aws-cdk-lib";
import * as appscaling from "aws-cdk-lib/aws-applicationautoscaling";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import { Construct } from "constructs";
import type { WorkerQueue } from "./fleet-apps";
import type { QueueScalingSettings } from "./scaling-settings";

/** The metrics the scheduler publishes per queue (packages/scheduling/src/backlog-metric-data.ts; tests/publisher-agreement.test.ts keeps them equal). */
export const BACKLOG_METRIC = "Backlog";
export const WORKERS_METRIC = "Workers";
export const BACKLOG_PER_WORKER_METRIC = "BacklogPerWorker";

export interface QueueScalingProps {
  service: ecs.FargateService;
  queue: WorkerQueue;
  /** CloudWatch namespace the scheduler publishes to (BACKLOG_METRICS_NAMESPACE). */
  namespace: string;
  /** The `Fleet` dimension: the fleet's QUEUE_PREFIX. */
  fleet: string;
  settings: QueueScalingSettings;
}

/**
 * Scales one worker service on its queue's backlog as the scheduler publishes it, every minute:
 *
 * - Target tracking on BacklogPerWorker (backlog / max(1, workers)) at settings.targetBacklogPerTask:
 *   out as soon as the backlog per task is above it (3 one-minute points), in when well below it
 *   for 15 minutes. The metric is inversely proportional to the tasks, as target tracking needs.
 * - For a service that may stop entirely (minTasks 0), one more policy starts the first task:
 *   target tracking only acts on a metric above the target, so a backlog smaller than the target
 *   would wait forever at zero tasks. A step policy adds one task when the queue has a backlog and
 *   no worker (metric math on Backlog and Workers), and its cooldown keeps it from adding another
 *   while that task starts. Target tracking takes over once the task's worker is counted.
 */
export class QueueScaling extends Construct {
  readonly scalableTaskCount: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: QueueScalingProps) {
    super(scope, id);
    const { settings } = props;
    const metric = (name: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: props.namespace,
        metricName: name,
        dimensionsMap: { Fleet: props.fleet, Queue: props.queue },
        statistic,
        period: cdk.Duration.minutes(1),
      });
    this.scalableTaskCount = props.service.autoScaleTaskCount({ minCapacity: settings.minTasks, maxCapacity: settings.maxTasks });
    this.scalableTaskCount.scaleToTrackCustomMetric("BacklogPerWorker", {
      metric: metric(BACKLOG_PER_WORKER_METRIC, "Average"),
      targetValue: settings.targetBacklogPerTask,
      scaleOutCooldown: cdk.Duration.seconds(settings.scaleOutCooldownSeconds),
      scaleInCooldown: cdk.Duration.seconds(settings.scaleInCooldownSeconds),
    });
    if (settings.minTasks === 0) {
      this.scalableTaskCount.scaleOnMetric("StartFromZero", {
        metric: new cloudwatch.MathExpression({
          // The backlog while no worker consumes the queue, else 0: at least 1 starts a task.
          expression: "IF(workers == 0, backlog, 0)",
          usingMetrics: { backlog: metric(BACKLOG_METRIC, "Maximum"), workers: metric(WORKERS_METRIC, "Maximum") },
          period: cdk.Duration.minutes(1),
          label: `${props.queue} backlog with no worker`,
        }),
        scalingSteps: [
          { upper: 0, change: 0 },
          { lower: 1, change: +1 },
        ],
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        // A Fargate task takes about a minute to start and register its worker.
        cooldown: cdk.Duration.seconds(180),
        evaluationPeriods: 1,
      });
    }
  }
}
