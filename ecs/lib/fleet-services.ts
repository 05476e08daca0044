import * as cdk from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { SERVICE_APP_SPECS, SERVICE_APPS, type ServiceApp, type WorkerQueue } from "./fleet-apps";
import { FleetTaskDefinition } from "./fleet-task-definition";
import { QueueScaling } from "./queue-scaling";
import type { QueueScalingSettings } from "./scaling-settings";

export interface FleetServicesProps {
  cluster: ecs.ICluster;
  image: ecs.ContainerImage;
  logGroup: logs.ILogGroup;
  /** Each app's whole environment and secrets. */
  environmentOf: (app: ServiceApp) => Record<string, string>;
  secretsOf: (app: ServiceApp) => Record<string, ecs.Secret>;
  /** The group of tasks no one connects to; the dashboard and the Slack bot get a group each. */
  securityGroup: ec2.ISecurityGroup;
  /** QUEUE_PREFIX: service names, and the `Fleet` dimension of the backlog metrics. */
  queuePrefix: string;
  metricsNamespace: string;
  scaling: Record<WorkerQueue, QueueScalingSettings>;
}

/**
 * A Fargate service per long-running app, each on its own task definition of the one image.
 * The scheduler and the web apps run one task; the queue workers scale on their backlog.
 */
export class FleetServices extends Construct {
  readonly services = {} as Record<ServiceApp, ecs.FargateService>;
  readonly scaling = {} as Record<WorkerQueue, QueueScaling>;

  constructor(scope: Construct, id: string, props: FleetServicesProps) {
    super(scope, id);
    for (const app of SERVICE_APPS) {
      const spec = SERVICE_APP_SPECS[app];
      const task = new FleetTaskDefinition(this, `${pascal(app)}Task`, {
        app,
        image: props.image,
        command: spec.command,
        cpu: spec.cpu,
        memoryMiB: spec.memoryMiB,
        logGroup: props.logGroup,
        environment: props.environmentOf(app),
        secrets: props.secretsOf(app),
        longRunning: true,
        ...(spec.httpPort ? { httpPort: spec.httpPort } : {}),
      });
      const service = new ecs.FargateService(this, pascal(app), {
        cluster: props.cluster,
        serviceName: `${props.queuePrefix}-${app}`,
        taskDefinition: task.taskDefinition,
        // The scheduler and the web apps: exactly one. A scaled worker's count belongs to autoscaling:
        // left out of the template, so a deploy never resets it (ECS starts a new service with 1).
        ...(spec.queue ? {} : { desiredCount: 1 }),
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        // undefined: CDK gives the service a group of its own, which the load balancer's rules open.
        securityGroups: spec.httpPort ? undefined : [props.securityGroup],
        assignPublicIp: false,
        // A version whose tasks do not become healthy is rolled back to the previous task definition.
        circuitBreaker: { rollback: true },
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        ...(spec.httpPort ? { healthCheckGracePeriod: cdk.Duration.seconds(60) } : {}),
      });
      this.services[app] = service;
      if (spec.queue) {
        this.scaling[spec.queue] = new QueueScaling(this, `${pascal(app)}Scaling`, {
          service,
          queue: spec.queue,
          namespace: props.metricsNamespace,
          fleet: props.queuePrefix,
          settings: props.scaling[spec.queue],
        });
      }
    }
  }
}

/** `fetch-worker` → `FetchWorker`: construct ids. */
function pascal(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
