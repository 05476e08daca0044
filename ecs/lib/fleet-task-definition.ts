import * as cdk from "aws-cdk-lib";
import * as ecs from "aws-cdk-lib/aws-ecs";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { HEALTH_PORT, STOP_TIMEOUT_SECONDS } from "./fleet-environment";

export interface FleetTaskDefinitionProps {
  /** The app's name: container name and log stream prefix. */
  app: string;
  image: ecs.ContainerImage;
  command: string[];
  cpu: number;
  memoryMiB: number;
  logGroup: logs.ILogGroup;
  environment: Record<string, string>;
  secrets: Record<string, ecs.Secret>;
  /** A long-running app: health check on HEALTH_PORT. One-shot tasks (migrate, audit) have none. */
  longRunning: boolean;
  /** The app's own HTTP port, for the load balancer. */
  httpPort?: number;
}

/**
 * The Fargate task definition of one app of the fleet, hardened as in k8s/: the `node` user
 * (uid 1000), a read-only root filesystem with /tmp on the task's ephemeral storage, logs to
 * CloudWatch Logs, credentials from Secrets Manager, and time to shut down gracefully.
 */
export class FleetTaskDefinition extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: FleetTaskDefinitionProps) {
    super(scope, id);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    // A bind-mount volume with no host path is the task's ephemeral storage: writable, private, gone with the task.
    this.taskDefinition.addVolume({ name: "tmp" });
    this.container = this.taskDefinition.addContainer(props.app, {
      image: props.image,
      command: props.command,
      user: "1000",
      readonlyRootFilesystem: true,
      environment: props.environment,
      secrets: props.secrets,
      // SHUTDOWN_TIMEOUT_MS is 25 s: SIGKILL comes 40 s after SIGTERM (Fargate allows up to 120 s).
      stopTimeout: cdk.Duration.seconds(STOP_TIMEOUT_SECONDS),
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.logGroup,
        streamPrefix: props.app,
        // A CloudWatch Logs hiccup must not block the process writing its logs.
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: cdk.Size.mebibytes(25),
      }),
      portMappings: [
        ...(props.longRunning ? [{ containerPort: HEALTH_PORT, name: "health" }] : []),
        ...(props.httpPort ? [{ containerPort: props.httpPort, name: "http" }] : []),
      ],
      ...(props.longRunning ? { healthCheck: livenessCheck() } : {}),
    });
    this.container.addMountPoints({ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false });
    if (props.longRunning) this.waitForSchema(props);
  }

  /**
   * New code never starts on an old schema: before the app, a short-lived container of the same
   * image waits (up to 10 min, read-only, as the fleet's role) until every migration the image
   * carries is applied, and the app starts only if it succeeded. A failed migration task thus
   * stops a rollout (the deployment circuit breaker rolls back) instead of starting workers.
   */
  private waitForSchema(props: FleetTaskDefinitionProps): void {
    const databaseUrl = props.secrets.DATABASE_URL;
    if (!databaseUrl) throw new Error(`${props.app}: a long-running app needs DATABASE_URL to wait for its schema`);
    const gate = this.taskDefinition.addContainer(`${props.app}-${SCHEMA_GATE}`, {
      containerName: SCHEMA_GATE,
      image: props.image,
      command: SCHEMA_GATE_COMMAND,
      essential: false,
      user: "1000",
      readonlyRootFilesystem: true,
      secrets: { DATABASE_URL: databaseUrl },
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: `${props.app}-${SCHEMA_GATE}`, mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
    });
    gate.addMountPoints({ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false });
    this.container.addContainerDependencies({ container: gate, condition: ecs.ContainerDependencyCondition.SUCCESS });
  }
}

/** Name of the container that gates each long-running app on its schema. */
export const SCHEMA_GATE = "wait-for-schema";
const SCHEMA_GATE_COMMAND = ["recon", "migrate", "--check", "--wait", "600"];

/**
 * The container health check: GET /healthz on HEALTH_PORT with node's own fetch (the image has
 * no curl). ECS replaces a task whose check fails, so this is a liveness check: /healthz answers
 * while the event loop runs and never touches Redis or Postgres, so an outage of either does not
 * restart every task (the load balancer's readiness check uses /readyz; docs/operations.md).
 */
function livenessCheck(): ecs.HealthCheck {
  const script = `fetch('http://127.0.0.1:${HEALTH_PORT}/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`;
  return {
    command: ["CMD", "node", "-e", script],
    interval: cdk.Duration.seconds(15),
    timeout: cdk.Duration.seconds(5),
    retries: 3,
    // Start-up connects to Postgres and Redis and checks them, bounded: a minute is plenty.
    startPeriod: cdk.Duration.seconds(60),
  };
}
