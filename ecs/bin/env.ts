/**
 * What the CDK CLI tells the app through the environment (the only process.env this package
 * reads): where to write the cloud assembly, and the account and region of the credentials.
 */
export function cdkEnvironment(): { outdir: string; account: string | undefined; region: string | undefined } {
  return {
    // The CLI sets CDK_OUTDIR; `pnpm synth` (tsx bin/recon-ecs.ts) writes ./cdk.out like `cdk synth`.
    outdir: process.env.CDK_OUTDIR ?? "cdk.out",
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
}
