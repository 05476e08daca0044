import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { SCHEMA_GATE } from "../lib/fleet-task-definition";
import { ReconStack, type ReconStackProps } from "../lib/recon-stack";

export const FLEET_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:recon/fleet-AbCdEf";
export const MIGRATION_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:recon/migration-GhIjKl";
export const CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:111111111111:certificate/0e3c1d2a-0000-4000-8000-000000000000";

/** A production-like deployment: every option that adds resources is set. */
const FULL_PROPS: Omit<ReconStackProps, "env"> = {
  imageRepositoryName: "recon",
  imageTag: "1.4.2",
  migrationImageTag: "1.5.0",
  fleetSecretArn: FLEET_SECRET_ARN,
  migrationSecretArn: MIGRATION_SECRET_ARN,
  certificateArn: CERTIFICATE_ARN,
  databaseSecurityGroupId: "sg-0db0000000000000a",
  redisSecurityGroupId: "sg-0cache00000000000b",
  reportsBucketName: "acme-recon-reports",
  processors: ["stripe", "paypal"],
  alertEmailTo: "finance-ops@example.com",
  slackChannel: "C0123456789",
  dashboardSignIn: {
    issuerUrl: "https://login.example.com/",
    clientId: "recon-dashboard",
    publicUrl: "https://recon.example.com",
    viewerGroups: "recon-viewers",
    operatorGroups: "recon-operators",
  },
};

/**
 * Synthesizes the stack in memory (no CloudFormation validation: the app's own synthesis test
 * runs that once) and returns its template. Call once per file, in beforeAll.
 */
export function synthFleet(props: Partial<ReconStackProps> = {}): { stack: ReconStack; template: Template } {
  const app = new cdk.App({ builtinCloudFormationValidation: false });
  const stack = new ReconStack(app, "ReconTest", { ...FULL_PROPS, ...props });
  return { stack, template: Template.fromStack(stack) };
}

type Json = Record<string, unknown>;
export interface ContainerJson {
  Name: string;
  Image: unknown;
  Command: string[];
  User?: string;
  ReadonlyRootFilesystem?: boolean;
  Environment?: Array<{ Name: string; Value: unknown }>;
  Secrets?: Array<{ Name: string; ValueFrom: unknown }>;
  MountPoints?: Array<{ ContainerPath: string; SourceVolume: string; ReadOnly: boolean }>;
  LogConfiguration?: { LogDriver: string; Options: Json };
  HealthCheck?: { Command: string[] };
  StopTimeout?: number;
  Essential?: boolean;
  DependsOn?: Array<{ ContainerName: string; Condition: string }>;
}

/** Every task definition of the template by logical id, with its app container (and schema gate). */
export function taskDefinitions(template: Template): Array<{ id: string; properties: Json; container: ContainerJson; gate?: ContainerJson }> {
  return Object.entries(template.findResources("AWS::ECS::TaskDefinition")).map(([id, resource]) => {
    const properties = (resource as { Properties: Json }).Properties;
    const containers = properties.ContainerDefinitions as ContainerJson[];
    // The app's container, and before a long-running app, the one that waits for its schema.
    const apps = containers.filter((container) => container.Name !== SCHEMA_GATE);
    const gates = containers.filter((container) => container.Name === SCHEMA_GATE);
    if (apps.length !== 1 || gates.length > 1) throw new Error(`${id} has ${apps.length} app containers and ${gates.length} schema gates`);
    return { id, properties, container: apps[0]!, ...(gates[0] ? { gate: gates[0] } : {}) };
  });
}

/** The task definition whose container has this name. */
export function taskOf(template: Template, containerName: string) {
  const found = taskDefinitions(template).filter((task) => task.container.Name === containerName);
  if (found.length !== 1) throw new Error(`${found.length} task definitions run ${containerName}`);
  return found[0]!;
}

/** CloudFormation tokens rendered as text, to look for names and tags inside Fn::Join. */
export function flat(value: unknown): string {
  return JSON.stringify(value);
}
