import type * as cdk from "aws-cdk-lib";
import { PROCESSORS, type Processor, type ReconFleetProps } from "../lib/fleet-props";

/**
 * The deployment's choices from CDK context (`-c key=value` or cdk.json): strings from the
 * command line, typed values from cdk.json. docs/deploy-ecs.md lists every key.
 */
export function fleetPropsFromContext(app: cdk.App): ReconFleetProps & { stackName: string } {
  const text = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
    throw new Error(`context ${key}: expected a string, number or boolean`);
  };
  const integer = (key: string): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`context ${key}: expected a whole number, got "${value}"`);
    return Number(value);
  };
  const processors = text("processors")
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = processors?.filter((name) => !(PROCESSORS as readonly string[]).includes(name));
  if (unknown && unknown.length > 0) throw new Error(`context processors: unknown ${unknown.join(", ")} (expected ${PROCESSORS.join(", ")})`);
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    stackName: text("stackName") ?? "Recon",
    imageRepositoryName: text("imageRepositoryName") ?? "recon",
    imageTag: text("imageTag") ?? "latest",
    ...optional("migrationImageTag", text("migrationImageTag")),
    ...optional("vpcId", text("vpcId")),
    ...optional("natGateways", integer("natGateways")),
    ...optional("databaseSecurityGroupId", text("databaseSecurityGroupId")),
    ...optional("databasePort", integer("databasePort")),
    ...optional("redisSecurityGroupId", text("redisSecurityGroupId")),
    ...optional("redisPort", integer("redisPort")),
    ...optional("certificateArn", text("certificateArn")),
    fleetSecretArn: text("fleetSecretArn") ?? "",
    migrationSecretArn: text("migrationSecretArn") ?? "",
    ...optional("reportsBucketName", text("reportsBucketName")),
    ...optional("processors", processors as Processor[] | undefined),
    ...optional("queuePrefix", text("queuePrefix")),
    ...optional("metricsNamespace", text("metricsNamespace")),
    ...optional("alertEmailTo", text("alertEmailTo")),
    ...optional("slackChannel", text("slackChannel")),
    ...optional("reportLinkAccessKey", text("reportLinkAccessKey") === undefined ? undefined : text("reportLinkAccessKey") === "true"),
    ...optional("reconcileMemoryBudgetMiB", integer("reconcileMemoryBudgetMiB")),
    ...optional("auditSchedule", text("auditSchedule")),
    ...optional("services", text("services") === undefined ? undefined : text("services") !== "false"),
  };
}
