import type * as cdk from "aws-cdk-lib";
import { SERVICE_APPS } from "../lib/fleet-apps";
import { PROCESSORS, type DashboardSignIn, type Processor, type ReconFleetProps } from "../lib/fleet-props";

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
  /** A JSON object (cdk.json, or `-c key='{"A":"b"}'` on the command line). */
  const object = (key: string): Record<string, unknown> | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined) return undefined;
    const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`context ${key}: expected a JSON object`);
    return parsed as Record<string, unknown>;
  };
  const strings = (value: unknown, key: string): Record<string, string> => {
    if (typeof value !== "object" || value === null || Object.values(value).some((item) => typeof item !== "string")) {
      throw new Error(`context ${key}: expected an object of strings`);
    }
    return value as Record<string, string>;
  };
  const rawEnvironment = object("environment");
  const rawAppEnvironment = object("appEnvironment");
  const rawSignIn = object("dashboardSignIn");
  const appEnvironment =
    rawAppEnvironment &&
    Object.fromEntries(
      Object.entries(rawAppEnvironment).map(([name, value]) => {
        if (!(SERVICE_APPS as readonly string[]).includes(name)) throw new Error(`context appEnvironment.${name}: not an app (${SERVICE_APPS.join(", ")})`);
        return [name, strings(value, `appEnvironment.${name}`)];
      }),
    );
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
    ...optional("environment", rawEnvironment && strings(rawEnvironment, "environment")),
    ...optional("appEnvironment", appEnvironment),
    ...optional("dashboardSignIn", rawSignIn && (strings(rawSignIn, "dashboardSignIn") as unknown as DashboardSignIn)),
    ...optional("services", text("services") === undefined ? undefined : text("services") !== "false"),
  };
}
