import { credentialsOf, ledgerModule } from "@recon/sources";
import type { ServiceApp } from "./fleet-apps";
import type { Processor } from "./fleet-props";

/**
 * Which keys of the fleet's Secrets Manager secret (a JSON object, one key per variable) each
 * container gets, named as the variable it becomes. Each app gets only what it uses; every key
 * listed for a deployment must exist in the secret, or ECS cannot start the task.
 * DATABASE_URL is the least-privilege role `recon_fleet`; the schema owner's
 * MIGRATION_DATABASE_URL lives in a secret of its own that only the migration task reads.
 */
const CONNECTIONS = ["DATABASE_URL", "REDIS_URL"];

/** A processor's credentials, as its source module names them. */
const processorKeys = (processor: Processor): readonly string[] => credentialsOf(processor);

export interface SecretNeeds {
  processors: readonly Processor[];
  /** The notify worker sends email (ALERT_EMAIL_TO set). */
  email: boolean;
  /** The notify worker posts to Slack (SLACK_CHANNEL set). */
  slack: boolean;
  /** The notify worker signs report links with an IAM user's key (reportLinkAccessKey). */
  reportLinkAccessKey: boolean;
}

export function fleetSecretKeys(app: ServiceApp, needs: SecretNeeds): string[] {
  switch (app) {
    case "fetch-worker":
      // The ledger's URL is in the secret beside its token: both are the deployment's own.
      return [...CONNECTIONS, ...Object.keys(ledgerModule.env.shape), ...needs.processors.flatMap(processorKeys)];
    case "notify-worker":
      return [
        ...CONNECTIONS,
        ...(needs.email ? ["SMTP_URL"] : []),
        ...(needs.slack ? ["SLACK_BOT_TOKEN"] : []),
        ...(needs.reportLinkAccessKey ? ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] : []),
      ];
    case "dashboard":
      return [...CONNECTIONS, "OIDC_CLIENT_SECRET", "DASHBOARD_SESSION_SECRET"];
    case "slack-bot":
      return [...CONNECTIONS, "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"];
    case "scheduler":
    case "reconcile-worker":
    case "report-worker":
      return CONNECTIONS;
  }
}

/** `recon audit verify` reads the database (and the bucket, through its task role). */
export const AUDIT_SECRET_KEYS = ["DATABASE_URL"];
/** `recon migrate` connects as the schema owner only. */
export const MIGRATION_SECRET_KEY = "MIGRATION_DATABASE_URL";
