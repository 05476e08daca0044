import type * as logs from "aws-cdk-lib/aws-logs";
import type { ServiceApp, WorkerQueue } from "./fleet-apps";
import type { QueueScalingSettings } from "./scaling-settings";

// The processors, and each one's credentials, come from the fleet's source registry.
import type { Processor } from "@recon/domain";
export { PROCESSORS } from "@recon/domain";
export type { Processor };

/** OIDC_* settings of the dashboard (not secret). Group lists are comma-separated; at least one is needed. */
export interface DashboardSignIn {
  issuerUrl: string;
  clientId: string;
  /** DASHBOARD_PUBLIC_URL: https://… (the session cookie is Secure). */
  publicUrl: string;
  groupsClaim?: string;
  viewerGroups?: string;
  operatorGroups?: string;
  adminGroups?: string;
}

/** What a deployment of the fleet on ECS decides (bin/recon-ecs.ts reads them from CDK context). */
export interface ReconFleetProps {
  /**
   * Deploy the services (default true). false, for a first deploy: only the network, the cluster
   * and the migration task, so the schema exists before any service starts (docs/deploy-ecs.md).
   */
  services?: boolean;
  /** ECR repository of the `recon` image (built by docker/Dockerfile), in this account and region. */
  imageRepositoryName: string;
  /** Image tag every service runs. Pin a version: a tag is what a rollback goes back to. */
  imageTag: string;
  /**
   * Image tag of the migration task; default imageTag. Deploy a new version's migrations first
   * with this set to the new tag and imageTag still the old one (docs/deploy-ecs.md).
   */
  migrationImageTag?: string;
  /**
   * An existing VPC, looked up by id (needs the stack's account and region, and public and
   * private-with-egress subnets). Default: a new VPC, 2 AZs, public and private subnets.
   */
  vpcId?: string;
  /** NAT gateways of the new VPC. Default 1 (one per AZ for AZ-independent egress costs more). */
  natGateways?: number;
  /** Security group of Postgres (RDS): the tasks are allowed in on databasePort. Unset: allow the output TasksSecurityGroupId yourself. */
  databaseSecurityGroupId?: string;
  databasePort?: number;
  /** Security group of Redis (ElastiCache): the tasks are allowed in on redisPort. */
  redisSecurityGroupId?: string;
  redisPort?: number;
  /** ACM certificate for the load balancer's HTTPS listener. Unset: plain HTTP on port 80, for trials only. */
  certificateArn?: string;
  /**
   * Complete ARN (with Secrets Manager's 6-character suffix: ECS refuses a partial one) of the
   * secret holding the fleet's credentials, a JSON object with one key per variable (fleet-secrets.ts).
   */
  fleetSecretArn: string;
  /** Complete ARN of the secret holding MIGRATION_DATABASE_URL (the schema owner), read by the migration task only. */
  migrationSecretArn: string;
  /**
   * The reports bucket (S3_BUCKET): tasks have no shared disk, so reports and audit anchors live
   * in S3. Default `recon-reports-<account>-<region>`. Create it yourself, with Object Lock
   * (docs/operations.md, "Audit trail and least privilege").
   */
  reportsBucketName?: string;
  /** Processors the fleet reconciles (SCHEDULE_PROCESSORS, and which API keys the fetch worker gets). Default stripe. */
  processors?: Processor[];
  /** QUEUE_PREFIX, and the `Fleet` dimension of the backlog metrics. Default `recon`. */
  queuePrefix?: string;
  /** CloudWatch namespace of the backlog metrics (BACKLOG_METRICS_NAMESPACE). Default `Recon`. */
  metricsNamespace?: string;
  /** Alert email recipients (ALERT_EMAIL_TO): the notify worker then gets SMTP_URL. */
  alertEmailTo?: string;
  /** Slack channel id for alerts (SLACK_CHANNEL): the notify worker then gets SLACK_BOT_TOKEN. */
  slackChannel?: string;
  /**
   * Give the notify worker S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY from the fleet secret (an IAM
   * user allowed s3:GetObject on the bucket) to sign report links. Default false: links are signed
   * with the task role's temporary credentials and stop working when those expire (hours, not
   * the 24 hours the alert promises).
   */
  reportLinkAccessKey?: boolean;
  /** Retention of the fleet's CloudWatch Logs. Default one month. */
  logRetention?: logs.RetentionDays;
  /** Memory all reconcile tasks may use together, MiB; their maximum count is this over one task's memory. Default 4096. */
  reconcileMemoryBudgetMiB?: number;
  /** Per-queue overrides of the scaling defaults (scaling-settings.ts); reconcile's maxTasks comes from the budget. */
  scaling?: Partial<Record<WorkerQueue, Partial<Omit<QueueScalingSettings, "maxTasks">> & { maxTasks?: number }>>;
  /** EventBridge schedule of `recon audit verify`. Default `cron(0 6 * * ? *)`: daily 06:00 UTC, after the 04:00 runs. */
  auditSchedule?: string;
  /** More environment for every container (e.g. LOG_LEVEL, FETCH_SLICES, SCHEDULE_CRON). Never credentials. */
  environment?: Record<string, string>;
  /** More environment per app (e.g. the Slack bot's SLACK_ALLOWED_CHANNELS). Never credentials. */
  appEnvironment?: Partial<Record<ServiceApp, Record<string, string>>>;
  /**
   * The dashboard's OpenID Connect sign-in (required when services are deployed): its client
   * secret and DASHBOARD_SESSION_SECRET come from the fleet secret. The provider's redirect URI
   * is <publicUrl>/auth/callback (docs/operations.md, "Sign-in and roles").
   */
  dashboardSignIn?: DashboardSignIn;
}
