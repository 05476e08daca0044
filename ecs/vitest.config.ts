import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Loading aws-cdk-lib takes seconds; the app's own synthesis (with CloudFormation validation) tens of seconds.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
