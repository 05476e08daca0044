import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { FLEET_SECRET_ARN, MIGRATION_SECRET_ARN } from "./synth-fleet";

const run = promisify(execFile);
const appDir = new URL("..", import.meta.url).pathname;
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs bin/recon-ecs.ts as the CDK CLI does: context in CDK_CONTEXT_JSON, output in CDK_OUTDIR. */
async function synthApp(context: Record<string, unknown>, environment: Record<string, string> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "recon-ecs-"));
  outdirs.push(outdir);
  const result = await run(process.execPath, ["--import", "tsx", "bin/recon-ecs.ts"], {
    cwd: appDir,
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), ...environment },
  });
  // Annotations are in each stack's metadata file (the CLI refuses to deploy a stack with errors).
  const metadata = JSON.parse(readFileSync(join(outdir, "Recon.metadata.json"), "utf8")) as Record<string, Array<{ type: string; data: unknown }>>;
  const messages = (level: string) =>
    Object.values(metadata)
      .flat()
      .filter((entry) => entry.type === level)
      .map((entry) => String(entry.data));
  return { outdir, stdout: result.stdout, errors: messages("aws:cdk:error"), warnings: messages("aws:cdk:warning") };
}

describe("the CDK app (bin/recon-ecs.ts)", () => {
  it("synthesizes a template CloudFormation's own rules accept, deployable as configured", async () => {
    const { outdir, errors } = await synthApp({
      fleetSecretArn: FLEET_SECRET_ARN,
      migrationSecretArn: MIGRATION_SECRET_ARN,
      imageTag: "1.4.2",
      processors: "stripe,square",
      alertEmailTo: "ops@example.com",
      // As cdk.json holds it, and as `-c environment='{...}'` passes it.
      appEnvironment: { "slack-bot": { SLACK_ALLOWED_CHANNELS: "C0123456789" } },
      dashboardSignIn: { issuerUrl: "https://login.example.com/", clientId: "recon", publicUrl: "https://recon.example.com", operatorGroups: "recon-ops" },
      environment: '{"LOG_LEVEL":"debug"}',
      // CDK's built-in CloudFormation validation: findings fail the synthesis instead of warning.
      "@aws-cdk/core:validateAgainstDefaultRules": true,
    });
    expect(errors).toEqual([]);
    const template = JSON.parse(readFileSync(join(outdir, "Recon.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string; Properties?: { ContainerDefinitions?: Array<{ Name: string; Environment: Array<{ Name: string; Value: unknown }> }> } }>;
    };
    const types = Object.values(template.Resources).map((resource) => resource.Type);
    const environmentOf = (name: string) =>
      Object.fromEntries(
        Object.values(template.Resources)
          .flatMap((resource) => resource.Properties?.ContainerDefinitions ?? [])
          .find((container) => container.Name === name)!
          .Environment.map((item) => [item.Name, item.Value]),
      );
    expect(environmentOf("slack-bot")).toMatchObject({ SLACK_ALLOWED_CHANNELS: "C0123456789", LOG_LEVEL: "debug" });
    expect(environmentOf("fetch-worker")).toMatchObject({ SCHEDULE_PROCESSORS: "stripe,square", LOG_LEVEL: "debug" });
    expect(environmentOf("fetch-worker").SLACK_ALLOWED_CHANNELS).toBeUndefined();
    expect(environmentOf("dashboard")).toMatchObject({
      OIDC_ISSUER_URL: "https://login.example.com/",
      OIDC_CLIENT_ID: "recon",
      DASHBOARD_PUBLIC_URL: "https://recon.example.com",
      OIDC_OPERATOR_GROUPS: "recon-ops",
    });
    expect(types.filter((type) => type === "AWS::ECS::Service")).toHaveLength(7);
    expect(types.filter((type) => type === "AWS::ECS::TaskDefinition")).toHaveLength(9);
    const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")) as { pluginReports: Array<{ violations?: unknown[] }> };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
  });

  it("synthesizes without the secrets' ARNs, but marks the stack undeployable", async () => {
    const { errors, warnings } = await synthApp({}, { CDK_VALIDATION: "false" });
    expect(errors).toEqual([
      expect.stringMatching(/-c fleetSecretArn=<complete secret ARN> and -c migrationSecretArn=/),
      expect.stringMatching(/set -c dashboardSignIn=/),
    ]);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/imageTag is `latest`/), expect.stringMatching(/no certificateArn/)]));
  });
});
