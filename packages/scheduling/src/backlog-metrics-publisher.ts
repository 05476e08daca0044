import { PutMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { QueueSet } from "@recon/queue";
import type { Logger } from "@recon/runtime";
import { backlogMetricData } from "./backlog-metric-data";
import { readQueueBacklogs } from "./queue-backlog-readings";

export interface BacklogMetricsPublisherOptions {
  set: QueueSet;
  client: CloudWatchClient;
  /** CloudWatch namespace (BACKLOG_METRICS_NAMESPACE). */
  namespace: string;
  /** The `Fleet` dimension: the QUEUE_PREFIX. */
  fleet: string;
  intervalMs: number;
  logger: Logger;
}

export interface BacklogMetricsPublisher {
  /** Stops ticking, waits for a publication under way, and closes the client. */
  stop(): Promise<void>;
}

/**
 * Publishes every scaled queue's backlog to CloudWatch now and then every `intervalMs`, one
 * publication at a time. A publication that fails (Redis or CloudWatch away, throttled,
 * refused) is logged and the next tick tries again with fresh figures: the scheduler goes on
 * scheduling, and the scaling alarms see missing data, on which they do nothing, rather than
 * a stale or zero backlog.
 */
export function startBacklogMetricsPublisher(options: BacklogMetricsPublisherOptions): BacklogMetricsPublisher {
  const log = options.logger.child({ component: "backlog-metrics", namespace: options.namespace });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  const publishOnce = async (): Promise<void> => {
    try {
      const at = new Date();
      const readings = await readQueueBacklogs(options.set);
      await options.client.send(
        new PutMetricDataCommand({ Namespace: options.namespace, MetricData: backlogMetricData(readings, options.fleet, at) }),
      );
      if (failing) log.info("backlog metrics published again");
      failing = false;
      log.debug({ readings }, "backlog metrics published");
    } catch (error) {
      failing = true;
      log.warn({ err: (error as Error).message, retryInMs: options.intervalMs }, "backlog metrics not published");
    }
  };

  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = publishOnce().then(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  tick();
  log.info({ intervalMs: options.intervalMs, fleet: options.fleet }, "publishing queue backlog to CloudWatch");

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      options.client.destroy();
    },
  };
}
