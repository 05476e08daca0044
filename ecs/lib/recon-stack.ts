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
import { AUDIT_VERIFY_COMMAND, MIGRATE_COMMAND, SERVICE_APP_SPECS, type ServiceApp } from "./fleet-apps";
import { appEnvironments, checkEnvironment, dashboardSignInEnvironment, SHARED_ENVIRONMENT } from "./fleet-environment";
import type { ReconFleetProps } from "./fleet-props";
import { AUDIT_SECRET_KEYS, fleetSecretKeys, MIGRATION_SECRET_KEY } from "./fleet-secrets";
import { FleetServices } from "./fleet-services";
import { FleetTaskDefinition } from "./fleet-task-definition";
import { DEFAULT_RECONCILE_MEMORY_BUDGET_MIB, resolveScalingSettings } from "./scaling-settings";
import { WebEntry } from "./web-entry";

export type ReconStackProps = cdk.StackProps & ReconFleetProps;

/**
 * The recon fleet on ECS Fargate: one service per long-running app from the one image, the
 * migration task (run before services update), the daily audit check, the load balancer for the
 * dashboard and Slack, and worker autoscaling on the queue backlog the scheduler publishes.
 * With `services: false` (a first deploy) only the cluster, the network and the migration task.
 */
export class ReconStack extends cdk.Stack {
  readonly fleet: FleetServices | undefined;
  readonly migrationTask: FleetTaskDefinition;

  constructor(scope: Construct, id: string, props: ReconStackProps) {
    super(scope, id, props);
    const queuePrefix = props.queuePrefix ?? "recon";
    const metricsNamespace = props.metricsNamespace ?? "Recon";
    const processors = props.processors ?? ["stripe"];
    const scaling = resolveScalingSettings(
      props.scaling,
      props.reconcileMemoryBudgetMiB ?? DEFAULT_RECONCILE_MEMORY_BUDGET_MIB,
      SERVICE_APP_SPECS["reconcile-worker"].memoryMiB,
    );

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
    const fromFleetSecret = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, ecs.Secret.fromSecretsManager(fleetSecret, key)]));
    const bucketName = props.reportsBucketName ?? `recon-reports-${this.account}-${this.region}`;
    const bucket = s3.Bucket.fromBucketName(this, "Reports", bucketName);
    const tasksSecurityGroup = new ec2.SecurityGroup(this, "TasksSecurityGroup", {
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
    const perApp = appEnvironments({
      metricsNamespace,
      region: this.region,
      alertEmailTo: props.alertEmailTo,
      slackChannel: props.slackChannel,
      dashboardPort: SERVICE_APP_SPECS.dashboard.httpPort!,
      slackPort: SERVICE_APP_SPECS["slack-bot"].httpPort!,
      dashboardSignIn: (props.services ?? true) ? dashboardSignInEnvironment(props.dashboardSignIn) : {},
    });
    if (!props.alertEmailTo && !props.slackChannel) {
      cdk.Annotations.of(this).addWarning("neither alertEmailTo nor slackChannel is set: the notify worker has nowhere to send alerts");
    }
    const needs = { processors, email: props.alertEmailTo !== undefined, slack: props.slackChannel !== undefined, reportLinkAccessKey: props.reportLinkAccessKey ?? false };
    const clients: ec2.ISecurityGroup[] = [tasksSecurityGroup];

    if (props.services ?? true) {
      const fleet = new FleetServices(this, "Fleet", {
        cluster,
        image,
        logGroup,
        environmentOf: (app: ServiceApp) => ({ ...environment, ...perApp[app], ...checkEnvironment(`appEnvironment.${app}`, props.appEnvironment?.[app] ?? {}) }),
        secretsOf: (app: ServiceApp) => fromFleetSecret(fleetSecretKeys(app, needs)),
        securityGroup: tasksSecurityGroup,
        queuePrefix,
        metricsNamespace,
        scaling,
      });
      this.fleet = fleet;
      const { services } = fleet;
      // The scheduler publishes the backlog metrics, into its namespace only.
      services.scheduler.taskDefinition.addToTaskRolePolicy(
        new iam.PolicyStatement({
          actions: ["cloudwatch:PutMetricData"],
          resources: ["*"],
          conditions: { StringEquals: { "cloudwatch:namespace": metricsNamespace } },
        }),
      );
      // Reports and audit anchors: written by the report worker, read by the notify worker (report links).
      bucket.grantReadWrite(services["report-worker"].taskDefinition.taskRole);
      bucket.grantRead(services["notify-worker"].taskDefinition.taskRole);
      const web = new WebEntry(this, "Web", {
        vpc,
        dashboard: { service: services.dashboard, containerName: "dashboard", port: SERVICE_APP_SPECS.dashboard.httpPort! },
        slackBot: { service: services["slack-bot"], containerName: "slack-bot", port: SERVICE_APP_SPECS["slack-bot"].httpPort! },
        ...(props.certificateArn ? { certificateArn: props.certificateArn } : {}),
      });
      clients.push(...services.dashboard.connections.securityGroups, ...services["slack-bot"].connections.securityGroups);
      new cdk.CfnOutput(this, "LoadBalancerDnsName", { value: web.loadBalancer.loadBalancerDnsName });

      const audit = new FleetTaskDefinition(this, "AuditVerify", {
        app: "audit-verify",
        image,
        command: AUDIT_VERIFY_COMMAND,
        cpu: 512,
        memoryMiB: 1024,
        logGroup,
        environment,
        secrets: fromFleetSecret(AUDIT_SECRET_KEYS),
        longRunning: false,
      });
      bucket.grantRead(audit.taskDefinition.taskRole);
      const auditSchedule = new AuditSchedule(this, "Audit", {
        cluster,
        taskDefinition: audit.taskDefinition,
        securityGroup: tasksSecurityGroup,
        schedule: props.auditSchedule ?? "cron(0 6 * * ? *)",
      });
      new cdk.CfnOutput(this, "AuditFailuresTopicArn", { value: auditSchedule.failures.topicArn });
    }

    // Postgres and Redis let every task in, when their security groups are given.
    const allowClients = (id: string, groupId: string | undefined, port: number, what: string) => {
      if (!groupId) return;
      const group = ec2.SecurityGroup.fromSecurityGroupId(this, id, groupId, { mutable: true });
      clients.forEach((client, index) => group.addIngressRule(client, ec2.Port.tcp(port), `recon tasks (${index}) to ${what}`));
    };
    allowClients("DatabaseSecurityGroup", props.databaseSecurityGroupId, props.databasePort ?? 5432, "Postgres");
    allowClients("RedisSecurityGroup", props.redisSecurityGroupId, props.redisPort ?? 6379, "Redis");

    // Migrations: the schema owner's URL and nothing else, from the image of the version about to roll out.
    this.migrationTask = new FleetTaskDefinition(this, "Migrate", {
      app: "migrate",
      image: ecs.ContainerImage.fromEcrRepository(repository, props.migrationImageTag ?? props.imageTag),
      command: MIGRATE_COMMAND,
      cpu: 256,
      memoryMiB: 512,
      logGroup,
      environment: { LOG_LEVEL: environment.LOG_LEVEL },
      secrets: { [MIGRATION_SECRET_KEY]: ecs.Secret.fromSecretsManager(migrationSecret, MIGRATION_SECRET_KEY) },
      longRunning: false,
    });
    const privateSubnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    new cdk.CfnOutput(this, "MigrateCommand", {
      description: "Runs the migrations (docs/deploy-ecs.md): wait with `aws ecs wait tasks-stopped`, then check the exit code",
      value: cdk.Fn.join("", [
        "aws ecs run-task --cluster ",
        cluster.clusterName,
        " --launch-type FARGATE --task-definition ",
        this.migrationTask.taskDefinition.taskDefinitionArn,
        " --network-configuration 'awsvpcConfiguration={subnets=[",
        cdk.Fn.join(",", privateSubnets),
        "],securityGroups=[",
        tasksSecurityGroup.securityGroupId,
        "],assignPublicIp=DISABLED}' --query 'tasks[0].taskArn' --output text",
      ]),
    });
    new cdk.CfnOutput(this, "ClusterName", { value: cluster.clusterName });
    new cdk.CfnOutput(this, "TasksSecurityGroupId", { value: tasksSecurityGroup.securityGroupId });
  }
}
