import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";

/** The CloudWatch part of the scheduler's configuration (backlogMetricsEnv). */
export interface CloudWatchConfig {
  AWS_REGION?: string | undefined;
  CLOUDWATCH_ENDPOINT?: string | undefined;
}

/**
 * A CloudWatch client for the configured region (and endpoint, when CLOUDWATCH_ENDPOINT is
 * set). Credentials come from the AWS SDK's default chain: on ECS, the task role. Requests
 * are bounded so a CloudWatch that hangs delays one publication, never the next ones.
 * `overrides` is for tests (static credentials, one attempt).
 */
export function cloudWatchClientFromConfig(config: CloudWatchConfig, overrides: Partial<CloudWatchClientConfig> = {}): CloudWatchClient {
  return new CloudWatchClient({
    region: config.AWS_REGION,
    ...(config.CLOUDWATCH_ENDPOINT ? { endpoint: config.CLOUDWATCH_ENDPOINT } : {}),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
    ...overrides,
  });
}
