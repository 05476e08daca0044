import { SOURCE_SECRET_SETTINGS } from "@recon/sources";
import type { ServiceApp } from "./fleet-apps";
import type { DashboardSignIn } from "./fleet-props";

/**
 * The configuration every container shares: the values of k8s/config.yaml (the same fleet on
 * Kubernetes), with REPORTS_DIR on the writable /tmp volume. RECON_SANDBOX is never set: a
 * production task runs on real credentials only (sandbox only on request).
 */
export const SHARED_ENVIRONMENT = {
  LOG_LEVEL: "info",
  FETCH_SLICES: "4",
  SCHEDULE_CRON: "0 4 * * *",
  SHUTDOWN_TIMEOUT_MS: "25000",
  HEALTH_PORT: "9464",
  RECONCILE_GRACE_MINUTES: "60",
  RECONCILE_PARTITION_RECORDS: "100000",
  // Reports go to S3 (S3_BUCKET); this is only the fallback when S3 fails on a job's last attempt,
  // on the task's ephemeral storage (lost with the task: the run's storage_note says so).
  REPORTS_DIR: "/tmp/reports",
} as const satisfies Record<string, string>;

/** SHUTDOWN_TIMEOUT_MS in seconds, and ECS's stopTimeout above it: SIGTERM, then SIGKILL after this. */
export const SHUTDOWN_TIMEOUT_SECONDS = 25;
export const STOP_TIMEOUT_SECONDS = 40;

export const HEALTH_PORT = 9464;

/** Variables that must never come from plain environment: credentials, and the sandbox switch. */
export const FORBIDDEN_ENVIRONMENT = [
  "RECON_SANDBOX",
  "DASHBOARD_SANDBOX",
  "DATABASE_URL",
  "MIGRATION_DATABASE_URL",
  "REDIS_URL",
  ...SOURCE_SECRET_SETTINGS,
  "SMTP_URL",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "DASHBOARD_USER",
  "DASHBOARD_PASSWORD",
  "OIDC_CLIENT_SECRET",
  "DASHBOARD_SESSION_SECRET",
  "S3_SECRET_ACCESS_KEY",
];

/** The dashboard's sign-in as its environment, refusing what could not sign anyone in. */
export function dashboardSignInEnvironment(signIn: DashboardSignIn | undefined): Record<string, string> {
  if (!signIn) {
    throw new Error("dashboardSignIn is required: the dashboard signs in with OpenID Connect (issuerUrl, clientId, publicUrl and group lists; docs/deploy-ecs.md)");
  }
  if (!signIn.publicUrl.startsWith("https://")) throw new Error(`dashboardSignIn.publicUrl must be https (got ${signIn.publicUrl}): the session cookie is Secure`);
  if (!signIn.viewerGroups && !signIn.operatorGroups && !signIn.adminGroups) {
    throw new Error("dashboardSignIn needs at least one of viewerGroups, operatorGroups, adminGroups: nobody could sign in");
  }
  const optional = (name: string, value: string | undefined) => (value ? { [name]: value } : {});
  return {
    OIDC_ISSUER_URL: signIn.issuerUrl,
    OIDC_CLIENT_ID: signIn.clientId,
    DASHBOARD_PUBLIC_URL: signIn.publicUrl,
    ...optional("OIDC_GROUPS_CLAIM", signIn.groupsClaim),
    ...optional("OIDC_VIEWER_GROUPS", signIn.viewerGroups),
    ...optional("OIDC_OPERATOR_GROUPS", signIn.operatorGroups),
    ...optional("OIDC_ADMIN_GROUPS", signIn.adminGroups),
  };
}

/** Refuses configuration that would put a credential or the sandbox switch in plain environment. */
export function checkEnvironment(where: string, environment: Record<string, string>): Record<string, string> {
  const refused = Object.keys(environment).filter((name) => FORBIDDEN_ENVIRONMENT.includes(name));
  if (refused.length > 0) {
    throw new Error(`${where}: ${refused.join(", ")} may not be set as plain environment (credentials come from Secrets Manager; the sandbox is never on)`);
  }
  return environment;
}

/** What each app adds to the shared environment (before the deployment's own additions). */
export function appEnvironments(options: {
  metricsNamespace: string;
  region: string;
  alertEmailTo?: string | undefined;
  slackChannel?: string | undefined;
  dashboardPort: number;
  slackPort: number;
  /** Only when services are deployed (dashboardSignInEnvironment). */
  dashboardSignIn: Record<string, string>;
}): Record<ServiceApp, Record<string, string>> {
  return {
    // The scheduler always runs: it publishes the backlog the workers scale on (packages/scheduling, BACKLOG_METRICS_*).
    scheduler: { BACKLOG_METRICS_NAMESPACE: options.metricsNamespace, BACKLOG_METRICS_INTERVAL_MS: "60000", AWS_REGION: options.region },
    "fetch-worker": {},
    // As in k8s/reconcile-worker.yaml: V8 collects before garbage piles up (packages/reconciliation/src/heap-limit.ts).
    "reconcile-worker": { NODE_OPTIONS: "--max-old-space-size=320" },
    "report-worker": {},
    "notify-worker": {
      ...(options.alertEmailTo ? { ALERT_EMAIL_TO: options.alertEmailTo } : {}),
      ...(options.slackChannel ? { SLACK_CHANNEL: options.slackChannel } : {}),
    },
    dashboard: { DASHBOARD_PORT: String(options.dashboardPort), ...options.dashboardSignIn },
    "slack-bot": { SLACK_PORT: String(options.slackPort) },
  };
}
