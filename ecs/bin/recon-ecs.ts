// The recon fleet on ECS Fargate: `pnpm --filter @recon/ecs synth`, or `npx aws-cdk deploy` from ecs/ (cdk.json).
import * as cdk from "aws-cdk-lib";
import { ReconStack } from "../lib/recon-stack";
import { fleetPropsFromContext } from "./context";
import { cdkEnvironment } from "./env";

const environment = cdkEnvironment();
const app = new cdk.App({ outdir: environment.outdir });
const { stackName, ...props } = fleetPropsFromContext(app);
// Without the secrets' ARNs the app still synthesizes (for checks), with placeholders and an
// error that makes `cdk deploy` refuse the stack.
const missingSecrets = (["fleetSecretArn", "migrationSecretArn"] as const).filter((key) => props[key] === "");
for (const key of missingSecrets) props[key] = `arn:aws:secretsmanager:us-east-1:000000000000:secret:${key}-unset-000000`;
// The same for the dashboard's sign-in: a placeholder provider, and an error.
const missingSignIn = props.services !== false && props.dashboardSignIn === undefined;
if (missingSignIn) {
  props.dashboardSignIn = { issuerUrl: "https://issuer.invalid/", clientId: "unset", publicUrl: "https://dashboard.invalid", viewerGroups: "unset" };
}
const stack = new ReconStack(app, stackName, {
  ...props,
  // Account and region are needed to look up an existing VPC; otherwise the template stays environment-agnostic.
  ...(props.vpcId ? { env: { account: environment.account, region: environment.region } } : {}),
  description: "recon payment reconciliation fleet on ECS Fargate (ecs/, docs/deploy-ecs.md)",
});
if (missingSecrets.length > 0) {
  cdk.Annotations.of(stack).addError(`set ${missingSecrets.map((key) => `-c ${key}=<complete secret ARN>`).join(" and ")} (docs/deploy-ecs.md, "Secrets")`);
}
if (missingSignIn) {
  cdk.Annotations.of(stack).addError(
    `set -c dashboardSignIn='{"issuerUrl":"https://…","clientId":"…","publicUrl":"https://…","operatorGroups":"…"}' (docs/deploy-ecs.md, "Configuration")`,
  );
}
if (props.imageTag === "latest") {
  cdk.Annotations.of(stack).addWarning("imageTag is `latest`: pin the tag you built (-c imageTag=<version>) so a rollback has somewhere to go back to");
}
app.synth();
