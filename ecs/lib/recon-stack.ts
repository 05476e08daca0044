import * as cdk from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { AuditSchedule } from "./audit-schedule";
import { AUDIT_VERIFY_COMMAND, MIGRATE_COMMAND, SERVICE_APP_SPECS, SERVICE_APPS, type ServiceApp, type WorkerQueue } from "./fleet-apps";
import { checkEnvironment, SHARED_ENVIRONMENT } from "./fleet-environment";
import type { ReconFleetProps } from "./fleet-props";
import { AUDIT_SECRET_KEYS, fleetSecretKeys, MIGRATION_SECRET_KEY } from "./fleet-secrets";
import { FleetTaskDefinition } from "./fleet-task-definition";
import { QueueScaling } from "./queue-scaling";
import { DEFAULT_RECONCILE_MEMORY_BUDGET_MIB, DEFAULT_SCALING, reconcileMaxTasks, type QueueScalingSettings } from "./scaling-settings";
import { WebEntry } from "./web-entry";

export type ReconStackProps = cdk.StackProps & ReconFleetProps;

/**
 * The recon fleet on ECS Fargate: one service per long-running app from the one image, the
 * migration task (run before services update), the daily audit check, the load balancer for the
 * dashboard and Slack, and worker autoscaling on the queue backlog the scheduler publishes.
 */
export class ReconStack extends cdk.Stack {
  readonly services: Record<ServiceApp, ecs.FargateService>;
  readonly scaling: Record<WorkerQueue, QueueScaling>;
  readonly migrationTask: FleetTaskDefinition;
  readonly scalingSettings: Record<WorkerQueue, QueueScalingSettings>;

  constructor(scope: Construct, id: string, props: ReconStackProps) {
    super(scope, id, props);
    const queuePrefix = props.queuePrefix ?? "recon";
    const namespace = props.metricsNamespace ?? "Recon";
    const processors = props.processors ?? ["stripe"];

    const vpc = props.vpcId
      ? ec2.Vpc.fromLookup(this, "Vpc", { vpcId: props.vpcId })
      : new ec2.Vpc(this, "Vpc", {
        maxAzs: 2,
        natGateways: props.natGateways ?? 1,
        subnetConfiguration: [
          { name: "public", subnetType: ec2.SubnetType.PUBLIC },
          { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        ],
      });
    const cluster = new ecs.Cluster(this, "Cluster", { vpc });
    const repository = ecr.Repository.fromRepositoryName(this, "Repository", props.imageRepositoryName);
    const image = ecs.ContainerImage.fromEcrRepository(repository, props.imageTag);
    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const fleetSecret = secretsmanager.Secret.fromSecretCompleteArn(this, "FleetSecret", props.fleetSecretArn);
    const migrationSecret = secretsmanager.Secret.fromSecretCompleteArn(this, "MigrationSecret", props.migrationSecretArn);
    const bucketName = props.reportsBucketName ?? `recon-reports-${this.account}-${this.region}`;
    const bucket = s3.Bucket.fromBucketName(this, "Reports", bucketName);
    const fromFleetSecret = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, ecs.Secret.fromSecretsManager(fleetSecret, key)]));

    // Tasks without inbound traffic share one group; the dashboard and the Slack bot get their own,
    // so the load balancer's ingress rules reach only them.
    const fleetSecurityGroup = new ec2.SecurityGroup(this, "TasksSecurityGroup", {
      vpc,
      description: "recon tasks: no inbound; outbound to Postgres, Redis and the processor APIs",
      allowAllOutbound: true,
    });

    const environment = {
      ...SHARED_ENVIRONMENT,
      QUEUE_PREFIX: queuePrefix,
      SCHEDULE_PROCESSORS: processors.join(","),
      S3_BUCKET: bucketName,
      S3_REGION: this.region,
      ...checkEnvironment("environment", props.environment ?? {}),
    };
    const appEnvironment: Record<ServiceApp, Record<string, string>> = {
      scheduler: {
        BACKLOG_METRICS_NAMESPACE: namespace,
        BACKLOG_METRICS_INTERVAL_MS: "60000",
        AWS_REGION: this.region,
      },
      "fetch-worker": {},
      // As in k8s/reconcile-worker.yaml: V8 collects before garbage piles up (apps/reconcile-worker/src/heap-limit.ts).
      "reconcile-worker": { NODE_OPTIONS: "--max-old-space-size=320" },
      "report-worker": {},
      "notify-worker": {
        ...(props.alertEmailTo ? { ALERT_EMAIL_TO: props.alertEmailTo } : {}),
        ...(props.slackChannel ? { SLACK_CHANNEL: props.slackChannel } : {}),
      },
      dashboard: { DASHBOARD_PORT: String(SERVICE_APP_SPECS.dashboard.httpPort) },
      "slack-bot": { SLACK_PORT: String(SERVICE_APP_SPECS["slack-bot"].httpPort) },
    };
    if (!props.alertEmailTo && !props.slackChannel) {
      cdk.Annotations.of(this).addWarning("neither alertEmailTo nor slackChannel is set: the notify worker has nowhere to send alerts");
    }
    const needs = { processors, email: props.alertEmailTo !== undefined, slack: props.slackChannel !== undefined, reportLinkAccessKey: props.reportLinkAccessKey ?? false };

    const reconcileMemory = SERVICE_APP_SPECS["reconcile-worker"].memoryMiB;
    const scalingSettings = Object.fromEntries(
      (Object.keys(DEFAULT_SCALING) as WorkerQueue[]).map((queue) => {
        const settings = { ...DEFAULT_SCALING[queue], ...props.scaling?.[queue] };
        const maxTasks =
          queue === "reconcile" ? reconcileMaxTasks(props.reconcileMemoryBudgetMiB ?? DEFAULT_RECONCILE_MEMORY_BUDGET_MIB, reconcileMemory) : settings.maxTasks;
        if (maxTasks === undefined || maxTasks < Math.max(1, settings.minTasks)) throw new Error(`scaling.${queue}: maxTasks must be at least max(1, minTasks)`);
        return [queue, { ...settings, maxTasks }];
      }),
    ) as Record<WorkerQueue, QueueScalingSettings>;
    if (scalingSettings.reconcile.minTasks < 1) throw new Error("scaling.reconcile.minTasks must be at least 1: the reconcile worker runs the outbox relay and the run watchdog");
    this.scalingSettings = scalingSettings;

    const services = {} as Record<ServiceApp, ecs.FargateService>;
    const scaling = {} as Record<WorkerQueue, QueueScaling>;
    for (const app of SERVICE_APPS) {
      const spec = SERVICE_APP_SPECS[app];
      const task = new FleetTaskDefinition(this, pascal(app), {
        app,
        image,
        command: spec.command,
        cpu: spec.cpu,
        memoryMiB: spec.memoryMiB,
        logGroup,
        environment: { ...environment, ...appEnvironment[app], ...checkEnvironment(`appEnvironment.${app}`, props.appEnvironment?.[app] ?? {}) },
        secrets: fromFleetSecret(fleetSecretKeys(app, needs)),
        longRunning: true,
        ...(spec.httpPort ? { httpPort: spec.httpPort } : {}),
      });
      const service = new ecs.FargateService(this, `${pascal(app)}Service`, {
        cluster,
        serviceName: `${queuePrefix}-${app}`,
        taskDefinition: task.taskDefinition,
        // The scheduler and the web apps: exactly one. A scaled worker's count belongs to autoscaling:
        // left out of the template, so a deploy never resets it (ECS starts a new service with 1).
        ...(spec.queue ? {} : { desiredCount: 1 }),
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: spec.httpPort ? undefined : [fleetSecurityGroup],
        assignPublicIp: false,
        circuitBreaker: { rollback: true },
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        enableExecuteCommand: false,
        ...(spec.httpPort ? { healthCheckGracePeriod: cdk.Duration.seconds(60) } : {}),
      });
      services[app] = service;
      if (spec.queue) {
        scaling[spec.queue] = new QueueScaling(this, `${pascal(app)}Scaling`, {
          service,
          queue: spec.queue,
          namespace,
          fleet: queuePrefix,
          settings: scalingSettings[spec.queue],
        });
      }
    }
    this.services = services;
    this.scaling = scaling;

    // The scheduler publishes the backlog metrics, into its namespace only.
    services.scheduler.taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        conditions: { StringEquals: { "cloudwatch:namespace": namespace } },
      }),
    );
    // Reports and audit anchors: written by the report worker, read by the notify worker (links) and the audit check.
    bucket.grantReadWrite(services["report-worker"].taskDefinition.taskRole);
    bucket.grantRead(services["notify-worker"].taskDefinition.taskRole);

    const web = new WebEntry(this, "Web", {
      vpc,
      dashboard: { service: services.dashboard, containerName: "dashboard", port: SERVICE_APP_SPECS.dashboard.httpPort! },
      slackBot: { service: services["slack-bot"], containerName: "slack-bot", port: SERVICE_APP_SPECS["slack-bot"].httpPort! },
      ...(props.certificateArn ? { certificateArn: props.certificateArn } : {}),
    });

    // Postgres and Redis let every task in, when their security groups are given.
    const clients = [fleetSecurityGroup, ...services.dashboard.connections.securityGroups, ...services["slack-bot"].connections.securityGroups];
    const allowClients = (id: string, groupId: string | undefined, port: number, what: string) => {
      if (!groupId) return;
      const group = ec2.SecurityGroup.fromSecurityGroupId(this, id, groupId, { mutable: true });
      clients.forEach((client, index) => group.addIngressRule(client, ec2.Port.tcp(port), `recon tasks (${index}) to ${what}`));
    };
    allowClients("DatabaseSecurityGroup", props.databaseSecurityGroupId, props.databasePort ?? 5432, "Postgres");
    allowClients("RedisSecurityGroup", props.redisSecurityGroupId, props.redisPort ?? 6379, "Redis");

    // One-shot tasks: migrations (the schema owner's URL, nothing else) and the daily audit check.
    const migrationImage = ecs.ContainerImage.fromEcrRepository(repository, props.migrationImageTag ?? props.imageTag);
    this.migrationTask = new FleetTaskDefinition(this, "Migrate", {
      app: "migrate",
      image: migrationImage,
      command: MIGRATE_COMMAND,
      cpu: 256,
      memoryMiB: 512,
      logGroup,
      environment: { LOG_LEVEL: environment.LOG_LEVEL },
      secrets: { [MIGRATION_SECRET_KEY]: ecs.Secret.fromSecretsManager(migrationSecret, MIGRATION_SECRET_KEY) },
      longRunning: false,
    });
    const audit = new FleetTaskDefinition(this, "AuditVerify", {
      app: "audit-verify",
      image,
      command: AUDIT_VERIFY_COMMAND,
      cpu: 512,
      memoryMiB: 1024,
      logGroup,
      environment: { ...environment },
      secrets: fromFleetSecret(AUDIT_SECRET_KEYS),
      longRunning: false,
    });
    bucket.grantRead(audit.taskDefinition.taskRole);
    const auditSchedule = new AuditSchedule(this, "Audit", {
      cluster,
      taskDefinition: audit.taskDefinition,
      securityGroup: fleetSecurityGroup,
      schedule: props.auditSchedule ?? "cron(0 6 * * ? *)",
    });

    const privateSubnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    new cdk.CfnOutput(this, "MigrateCommand", {
      description: "Run before services update (docs/deploy-ecs.md); wait for it with `aws ecs wait tasks-stopped` and check its exit code",
      value: cdk.Fn.join("", [
        "aws ecs run-task --cluster ",
        cluster.clusterName,
        " --launch-type FARGATE --task-definition ",
        this.migrationTask.taskDefinition.taskDefinitionArn,
        " --network-configuration 'awsvpcConfiguration={subnets=[",
        cdk.Fn.join(",", privateSubnets),
        "],securityGroups=[",
        fleetSecurityGroup.securityGroupId,
        "],assignPublicIp=DISABLED}'",
      ]),
    });
    new cdk.CfnOutput(this, "ClusterName", { value: cluster.clusterName });
    new cdk.CfnOutput(this, "MigrationTaskDefinitionArn", { value: this.migrationTask.taskDefinition.taskDefinitionArn });
    new cdk.CfnOutput(this, "TasksSecurityGroupId", { value: fleetSecurityGroup.securityGroupId });
    new cdk.CfnOutput(this, "LoadBalancerDnsName", { value: web.loadBalancer.loadBalancerDnsName });
    new cdk.CfnOutput(this, "AuditFailuresTopicArn", { value: auditSchedule.failures.topicArn });
  }
}

/** `fetch-worker` → `FetchWorker`: construct ids. */
function pascal(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
